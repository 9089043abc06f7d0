import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { CurrentUserDto, SessionUser } from '@tdgen/contracts';
import { ApiException } from '../common/api-exception';
import { ConfigService } from '../config/config.service';
import type { AuthenticatedUser } from '../decorators/authenticated-user';
import { StreamHub } from '../events/stream-hub';
import { LocksService } from '../locks/locks.service';
import { UsersService } from '../users/users.service';
import type { JwtPayload } from './jwt.strategy';
import { LoginThrottle } from './login-throttle';
import { SessionRevocations } from './session-revocations';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    private readonly revocations: SessionRevocations,
    private readonly locks: LocksService,
    private readonly streams: StreamHub,
    private readonly config: ConfigService,
  ) {}

  /** Checks the credentials; one generic message for every failure so nothing is revealed. */
  async login(username: string, password: string, clientIp: string): Promise<{ user: CurrentUserDto; token: string }> {
    if (!this.config.get('isLocalLoginEnabled')) {
      throw new ApiException(
        'PASSWORD_LOGIN_DISABLED',
        {},
        'Password sign-in is turned off here; sign in with single sign-on',
      );
    }
    // Charged before the (slow) verification, so parallel attempts cannot overrun the budget.
    const attempt = await this.throttle.charge(username, clientIp);
    const verified = await this.users.verifyCredentials(username, password);
    if (!verified) {
      await this.throttle.recordFailure(attempt);
      throw new ApiException('INVALID_CREDENTIALS', {}, 'Wrong username or password');
    }
    await this.throttle.recordSuccess(attempt);
    const { user, sessionEpoch } = verified;
    return { user, token: (await this.issueSession(user, sessionEpoch)).token };
  }

  /**
   * A session token (one new `sid`) for a user who proved who they are, by password or single
   * sign-on; `sessionEpoch` is the account's current epoch (a later reset, disable or role change
   * ends the session).
   */
  async issueSession(user: SessionUser, sessionEpoch: number): Promise<{ token: string; sessionId: string }> {
    const sessionId = randomUUID();
    const payload: JwtPayload = { sub: user.id, sid: sessionId, ep: sessionEpoch };
    return { token: await this.jwt.signAsync(payload), sessionId };
  }

  /**
   * Ends the sign-in: its token is refused from now on, the user's locks are released and the
   * event streams opened with this sign-in end. Revoked before anything else: once the streams
   * end, the other tabs may ask /me at once. (The response that clears the cookie leaves after this.)
   */
  async logout(user: AuthenticatedUser): Promise<void> {
    const { sessionId, sessionExpiresAt } = user;
    if (sessionId) await this.revocations.revoke(sessionId, new Date(sessionExpiresAt));
    this.users.forgetSessions(user.id);
    await this.locks.releaseAllOfUser(user.id);
    if (sessionId) await this.streams.endSessionStreams(user.id, sessionId);
  }
}
