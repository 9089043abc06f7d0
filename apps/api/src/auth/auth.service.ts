import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { SessionUser } from '@tdgen/contracts';
import type { AuthenticatedUser } from '../decorators/authenticated-user';
import { EventsService } from '../events/events.service';
import { LocksService } from '../locks/locks.service';
import { UsersService } from '../users/users.service';
import type { JwtPayload } from './jwt.strategy';
import { LoginRateLimiter } from './login-rate-limiter';
import { SessionRevocations } from './session-revocations';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly limiter: LoginRateLimiter,
    private readonly revocations: SessionRevocations,
    private readonly locks: LocksService,
    private readonly events: EventsService,
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

  /**
   * Ends the sign-in: its token is refused from now on, the user's locks are released and the
   * event streams opened with this sign-in end. Revoked before anything else: once the streams
   * end, the other tabs may ask /me at once. (The response that clears the cookie leaves after this.)
   */
  async logout(user: AuthenticatedUser): Promise<void> {
    const { sessionId, sessionExpiresAt } = user;
    if (sessionId) await this.revocations.revoke(sessionId, new Date(sessionExpiresAt));
    await this.locks.releaseAllOfUser(user.id);
    if (sessionId) this.events.endSessionStreams(user.id, sessionId);
  }
}
