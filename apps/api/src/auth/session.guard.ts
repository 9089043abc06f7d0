import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { ApiException } from '../common/api-exception';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { SessionAuthenticator } from './session-authenticator';

/**
 * Global guard: every route needs a valid session unless marked @Public(). A session whose token
 * was checked before on this instance is accepted without Passport (the same user check, see
 * SessionAuthenticator); anything else — no token, a new, invalid or expired one, a session that
 * ended, a database error — is Passport's JwtStrategy's to decide and refuse, as always.
 */
@Injectable()
export class SessionGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionAuthenticator,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const user = await this.sessions.userOfRequest(req).catch(() => null);
    if (user) {
      req.user = user;
      return true;
    }
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(err: unknown, user: TUser | false): TUser {
    // Only a missing, invalid, expired or revoked token is a 401; any other error (the database
    // being unreachable while the session is checked) keeps its own status (503 via the filter).
    if (err) throw err instanceof Error ? err : notSignedIn();
    if (!user) throw notSignedIn();
    return user;
  }
}

function notSignedIn(): ApiException<'UNAUTHENTICATED'> {
  return new ApiException('UNAUTHENTICATED', {}, 'Not signed in');
}
