import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ApiException } from '../common/api-exception';
import { IS_PUBLIC } from '../decorators/public.decorator';

/** Global guard: every route needs a valid session unless marked @Public(). */
@Injectable()
export class SessionGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    return isPublic ? true : super.canActivate(context);
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
