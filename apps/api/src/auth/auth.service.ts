import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { SessionUser } from '@tdgen/contracts';
import { UsersService } from '../users/users.service';
import type { JwtPayload } from './jwt.strategy';
import { LoginRateLimiter } from './login-rate-limiter';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly limiter: LoginRateLimiter,
  ) {}

  /** Checks the credentials; one generic message for every failure so nothing is revealed. */
  async login(username: string, password: string, clientIp: string): Promise<{ user: SessionUser; token: string }> {
    const key = `${clientIp}:${username.trim().toLowerCase()}`;
    this.limiter.assertAllowed(key);
    const user = await this.users.verifyCredentials(username, password);
    if (!user) {
      this.limiter.recordFailure(key);
      throw new UnauthorizedException('Wrong username or password');
    }
    this.limiter.recordSuccess(key);
    const payload: JwtPayload = { sub: user.id, sid: randomUUID() };
    return { user, token: await this.jwt.signAsync(payload) };
  }
}
