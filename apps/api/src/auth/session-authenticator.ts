import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { SESSION_COOKIE } from '@tdgen/contracts';
import type { IncomingMessage } from 'node:http';
import type { AuthenticatedUser } from '../decorators/authenticated-user';
import { UsersService } from '../users/users.service';
import type { JwtPayload } from './jwt.strategy';

/** Checked tokens kept at most; the map is emptied when full (a sign-in is checked again, nothing else). */
const MAX_VERIFIED_TOKENS = 10_000;

/**
 * Who a session token belongs to. JwtStrategy (Passport, the global SessionGuard) asks `userOf` once
 * it has checked the token; the lean routes (lean-routes/, ADR 0020) ask `userOfRequest`, which
 * checks the cookie itself.
 */
@Injectable()
export class SessionAuthenticator {
  /** Payloads of tokens whose signature was checked, by the token's text: neither ever changes. */
  private readonly verified = new Map<string, JwtPayload>();

  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  /** The user of a checked token, while enabled, in the same session epoch and not signed out; else null. */
  async userOf(payload: JwtPayload): Promise<AuthenticatedUser | null> {
    const sessionId = payload.sid ?? null;
    const user = await this.users.findActiveSessionUser(payload.sub, sessionId, payload.ep ?? 0);
    return user && { ...user, sessionExpiresAt: (payload.exp ?? 0) * 1000, sessionId };
  }

  /**
   * The user of the request's session cookie, or null when there is none or it is not valid now;
   * the lean routes then leave the request to the full pipeline, which answers 401 as always.
   */
  async userOfRequest(req: IncomingMessage): Promise<AuthenticatedUser | null> {
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    const payload = token ? this.checked(token) : null;
    return payload ? this.userOf(payload) : null;
  }

  /** The token's payload while it is unexpired; its signature is checked once (HS256, as JwtStrategy). */
  private checked(token: string): JwtPayload | null {
    let payload = this.verified.get(token);
    if (!payload) {
      try {
        payload = this.jwt.verify<JwtPayload & { nbf?: number }>(token, { algorithms: ['HS256'] });
      } catch {
        return null;
      }
      // Only what a sign-in issues is kept: an expiry, no not-before.
      if (typeof payload.exp !== 'number' || 'nbf' in payload) return null;
      if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.clear();
      this.verified.set(token, payload);
    }
    return (payload.exp ?? 0) * 1000 > Date.now() ? payload : null;
  }
}

/** A cookie's value as cookie-parser reads it: the first of that name, unquoted, %-decoded. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      return value.includes('%') ? decodeURIComponent(value) : value;
    } catch {
      return value;
    }
  }
  return null;
}
