import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { SessionUser } from '@tdgen/contracts';
import type { Request } from 'express';

/** The user of the session cookie, as validated by JwtStrategy. */
export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): SessionUser => ctx.switchToHttp().getRequest<Request>().user as SessionUser,
);
