import type { INestApplication } from '@nestjs/common';
import { API_PREFIX } from '@tdgen/contracts';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

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

/**
 * Security headers on every response (helmet: CSP, nosniff, Referrer-Policy, X-Frame-Options …),
 * HSTS only when the request came over HTTPS (directly or, with TRUST_PROXY, via the proxy), and
 * `Cache-Control: no-store` on API responses — static assets keep their own caching.
 */
export function useSecurityHeaders(app: INestApplication): void {
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: true, directives: CONTENT_SECURITY_POLICY },
      referrerPolicy: { policy: 'same-origin' },
      strictTransportSecurity: false,
    }),
  );
  const hsts = helmet.strictTransportSecurity({ maxAge: 180 * 24 * 3600, includeSubDomains: true });
  app.use((req: Request, res: Response, next: NextFunction) => (req.secure ? hsts(req, res, next) : next()));
  app.use(`/${API_PREFIX}`, (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
}
