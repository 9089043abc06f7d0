import type { INestApplication } from '@nestjs/common';
import { API_PREFIX } from '@tdgen/contracts';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { ServerResponse } from 'node:http';

/**
 * The Content-Security-Policy of every response. Scripts only from our origin (no inline
 * scripts, no eval); styles also inline, because Angular adds component styles as <style>
 * elements at run time; nothing may frame the app.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Not helmet's default upgrade-insecure-requests: a plain-HTTP local install must keep working.
  upgradeInsecureRequests: null,
};

type Header = readonly [name: string, value: string];

/**
 * The headers a helmet middleware sets, worked out once: with this configuration none depends on
 * the request (no nonces), so every response gets the same list without running helmet's dozen
 * middlewares per request.
 */
function headersOf(middleware: (req: Request, res: Response, next: (err?: unknown) => void) => void): Header[] {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  let error: unknown = 'not finished';
  middleware({} as Request, recorder as unknown as Response, (err) => (error = err));
  if (error !== undefined) throw new Error(`helmet did not finish at once: ${String(error)}`);
  return headers;
}

const COMMON: readonly Header[] = headersOf(
  helmet({
    contentSecurityPolicy: { useDefaults: true, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: false,
  }),
);
/** HSTS only when the request came over HTTPS (directly or, with TRUST_PROXY, via the proxy). */
const HSTS: readonly Header[] = headersOf(
  helmet.strictTransportSecurity({ maxAge: 180 * 24 * 3600, includeSubDomains: true }),
);
/** Sets the security headers of a response (helmet: CSP, nosniff, Referrer-Policy, X-Frame-Options …). */
export function setSecurityHeaders(res: ServerResponse, secure: boolean): void {
  for (const [name, value] of COMMON) res.setHeader(name, value);
  if (secure) for (const [name, value] of HSTS) res.setHeader(name, value);
}

/** API responses are never cached; static assets keep their own caching. */
export function setApiCaching(res: ServerResponse): void {
  res.setHeader('Cache-Control', 'no-store');
}

/**
 * Security headers on every response, errors of the body parsers included (registered first), and
 * `Cache-Control: no-store` on API responses.
 */
export function useSecurityHeaders(app: INestApplication): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    setSecurityHeaders(res, req.secure);
    next();
  });
  app.use(`/${API_PREFIX}`, (_req: Request, res: Response, next: NextFunction) => {
    setApiCaching(res);
    next();
  });
}
