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
 * What the headers alone say of a request's origin: `allowed`, `refused`, or `compare-host` when
 * only the Origin against the Host (or X-Forwarded-Host) can tell. Browsers send Sec-Fetch-Site;
 * requests without it and without Origin are not from a browser page and carry no ambient-cookie risk.
 */
export function originVerdict(
  method: string | undefined,
  fetchSite: string | undefined,
  origin: string | undefined,
  allowed: readonly string[],
): 'allowed' | 'refused' | 'compare-host' {
  if (method !== undefined && SAFE_METHODS.has(method)) return 'allowed';
  if (origin && allowed.includes(origin)) return 'allowed';
  if (fetchSite) return fetchSite === 'same-origin' || fetchSite === 'none' ? 'allowed' : 'refused';
  return origin ? 'compare-host' : 'allowed';
}

/**
 * Cross-site request protection for mutations, on top of the SameSite=Strict cookie: a browser
 * request must come from our own origin (Sec-Fetch-Site, else Origin against Host or CORS_ORIGIN).
 */
@Injectable()
export class SameOriginGuard implements CanActivate {
  constructor(private readonly config: ConfigService) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const origin = req.get('origin');
    switch (originVerdict(req.method, req.get('sec-fetch-site'), origin, this.config.get('corsOrigin') ?? [])) {
      case 'allowed':
        return true;
      case 'refused':
        throw crossSite();
    }
    // req.host is the Host header, or X-Forwarded-Host only when a trusted proxy (TRUST_PROXY) sent it.
    const host = req.host;
    if (host && origin && originHost(origin) === host) return true;
    throw crossSite();
  }
}

function crossSite(): ApiException<'CROSS_SITE_REQUEST'> {
  return new ApiException('CROSS_SITE_REQUEST', {}, 'Cross-site request refused');
}
