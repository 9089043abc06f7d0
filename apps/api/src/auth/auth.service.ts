import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { SessionUser } from '@tdgen/contracts';
import { UsersService } from '../users/users.service';
import type { JwtPayload } from './jwt.strategy';
import { LoginThrottle } from './login-throttle';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
  ) {}

  /** Checks the credentials; one generic message for every failure so nothing is revealed. */
  async login(username: string, password: string, clientIp: string): Promise<{ user: SessionUser; token: string }> {
    // Charged before the (slow) verification, so parallel attempts cannot overrun the budget.
    const attempt = await this.throttle.charge(username, clientIp);
    const verified = await this.users.verifyCredentials(username, password);
    if (!verified) {
      await this.throttle.recordFailure(attempt);
      throw new UnauthorizedException('Wrong username or password');
    }
    await this.throttle.recordSuccess(attempt);
    const { user, sessionEpoch } = verified;
    const payload: JwtPayload = { sub: user.id, sid: randomUUID(), ep: sessionEpoch };
    return { user, token: await this.jwt.signAsync(payload) };
  }
}
