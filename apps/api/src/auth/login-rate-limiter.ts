import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '../config/config.service';

interface Window {
  failures: number;
  startedAt: number;
}

/**
 * Limits failed sign-ins per client address and username in a fixed window (docs/product.md § Roles). Only
 * failures count, so a user who signs in correctly is never slowed down.
 * Written here rather than with @nestjs/throttler: that package is CommonJS-only and cannot
 * load NestJS 12 (ES modules) inside the API's ESM test runner on Node 20 (docs/adr/0005).
 */
@Injectable()
export class LoginRateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly limit: number;
  private readonly windowMs: number;

  constructor(config: ConfigService) {
    ({ limit: this.limit, ttlMs: this.windowMs } = config.get('loginThrottle'));
  }

  /** Throws 429 while the key has used up its failures for the current window. */
  assertAllowed(key: string, now = Date.now()): void {
    const window = this.current(key, now);
    if (window && window.failures >= this.limit) {
      const retryAfterS = Math.ceil((window.startedAt + this.windowMs - now) / 1000);
      throw new HttpException(
        {
          statusCode: 429,
          error: 'Too Many Requests',
          message: `Too many failed sign-ins; try again in ${retryAfterS} s`,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  recordFailure(key: string, now = Date.now()): void {
    const window = this.current(key, now) ?? { failures: 0, startedAt: now };
    window.failures++;
    this.windows.set(key, window);
    if (this.windows.size > 10_000) this.prune(now);
  }

  recordSuccess(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string, now: number): Window | undefined {
    const window = this.windows.get(key);
    if (window && now - window.startedAt >= this.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.startedAt >= this.windowMs) this.windows.delete(key);
  }
}
