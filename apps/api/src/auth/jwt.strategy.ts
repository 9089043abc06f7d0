import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { SESSION_COOKIE } from '@tdgen/contracts';
import type { Request } from 'express';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ApiException } from '../common/api-exception';
import { ConfigService } from '../config/config.service';
import type { AuthenticatedUser } from '../decorators/authenticated-user';
import { SessionAuthenticator } from './session-authenticator';

export interface JwtPayload {
  sub: number;
  /** One id per sign-in: logout revokes it and ends the event streams opened with it (ADR 0007). */
  sid?: string;
  /** The user's session epoch at sign-in; a password reset, disable or role change moves it on. */
  ep?: number;
  iat?: number;
  exp?: number;
}

export function sessionCookie(req: Request): string | null {
  const cookies = (req as Request & { cookies?: Record<string, string> }).cookies;
  return cookies?.[SESSION_COOKIE] ?? null;
}

/** Reads the signed session JWT from the httpOnly cookie and loads the (still enabled) user. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    config: ConfigService,
    private readonly sessions: SessionAuthenticator,
  ) {
    // The key is built once: given the secret as a string, jsonwebtoken would try it as a PEM
    // public key and then build a secret key from it on every request. The bytes are the same as
    // JwtModule signs with (jsonwebtoken's own Buffer.from(secret)). passport-jwt hands the key to
    // jsonwebtoken untouched; only its typings stop at string | Buffer.
    const key = createSecretKey(Buffer.from(config.get('jwtSecret')));
    super({
      jwtFromRequest: ExtractJwt.fromExtractors([sessionCookie]),
      secretOrKey: key as unknown as Buffer,
      ignoreExpiration: false,
      algorithms: ['HS256'],
    });
  }

  async validate(payload: JwtPayload): Promise<AuthenticatedUser> {
    const user = await this.sessions.userOf(payload);
    if (!user) throw new ApiException('UNAUTHENTICATED', {}, 'Your session has ended; please sign in again');
    return user;
  }
}
