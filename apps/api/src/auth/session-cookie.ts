import { SESSION_COOKIE } from '@tdgen/contracts';
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
