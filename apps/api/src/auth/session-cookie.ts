import { type Language, LANGUAGE_COOKIE, SESSION_COOKIE } from '@tdgen/contracts';
import type { CookieOptions, Request, Response } from 'express';

// One place for the session cookie, whichever way the user signed in (password or single sign-on).
function cookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' };
}

export function setSessionCookie(req: Request, res: Response, token: string, lifetimeSeconds: number): void {
  res.cookie(SESSION_COOKIE, token, { ...cookieOptions(req), maxAge: lifetimeSeconds * 1000 });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(req));
}

/** A year: the language choice outlives a sign-in (the login page is then in the same language). */
const LANGUAGE_COOKIE_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

/**
 * Tells the web-app server which build to serve (see web-app/serve-web-app.ts); the stored choice in
 * `users.language` stays the source of truth. Lax, so a link from another site opens the right build.
 */
export function setLanguageCookie(req: Request, res: Response, language: Language | null): void {
  const options: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' };
  if (language) res.cookie(LANGUAGE_COOKIE, language, { ...options, maxAge: LANGUAGE_COOKIE_MAX_AGE_MS });
  else res.clearCookie(LANGUAGE_COOKIE, options);
}
