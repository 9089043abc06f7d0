import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { SESSION_COOKIE, type SessionUser } from '@tdgen/contracts';
import type { Request } from 'express';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ConfigService } from '../config/config.service';
import { UsersService } from '../users/users.service';

export interface JwtPayload {
  sub: number;
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
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromExtractors([sessionCookie]),
      secretOrKey: config.get('jwtSecret'),
      ignoreExpiration: false,
      algorithms: ['HS256'],
    });
  }

  async validate(payload: JwtPayload): Promise<SessionUser & { sessionExpiresAt: number }> {
    const user = await this.users.findActiveSessionUser(payload.sub);
    if (!user) throw new UnauthorizedException('Your session has ended; please sign in again');
    return { ...user, sessionExpiresAt: (payload.exp ?? 0) * 1000 };
  }
}
