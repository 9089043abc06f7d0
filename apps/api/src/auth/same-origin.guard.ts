import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ConfigService } from '../config/config.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request protection for mutations, on top of the SameSite=Strict cookie: a browser
 * request must come from our own origin (Sec-Fetch-Site, else Origin against Host or CORS_ORIGIN).
 * Requests without either header are not from a browser page and carry no ambient-cookie risk.
 */
@Injectable()
export class SameOriginGuard implements CanActivate {
  constructor(private readonly config: ConfigService) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method)) return true;
    const fetchSite = req.get('sec-fetch-site');
    const origin = req.get('origin');
    const allowed = this.config.get('corsOrigin') ?? [];
    if (origin && allowed.includes(origin)) return true;
    if (fetchSite) {
      if (fetchSite === 'same-origin' || fetchSite === 'none') return true;
      throw new ForbiddenException('Cross-site request refused');
    }
    if (!origin) return true;
    const host = req.get('x-forwarded-host') ?? req.get('host');
    if (host && new URL(origin).host === host) return true;
    throw new ForbiddenException('Cross-site request refused');
  }
}
