import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiException } from '../common/api-exception';
import { ConfigService } from '../config/config.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host of an Origin header, or null for `null` and anything that is not a URL. */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host || null;
  } catch {
    return null;
  }
}

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
      throw crossSite();
    }
    if (!origin) return true;
    // req.host is the Host header, or X-Forwarded-Host only when a trusted proxy (TRUST_PROXY) sent it.
    const host = req.host;
    if (host && originHost(origin) === host) return true;
    throw crossSite();
  }
}

function crossSite(): ApiException<'CROSS_SITE_REQUEST'> {
  return new ApiException('CROSS_SITE_REQUEST', {}, 'Cross-site request refused');
}
