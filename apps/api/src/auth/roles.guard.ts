import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role, SessionUser } from '@tdgen/contracts';
import { ApiException } from '../common/api-exception';
import { ROLES } from '../decorators/roles.decorator';

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles?.length) return true;
    const user = context.switchToHttp().getRequest<{ user?: SessionUser }>().user;
    if (user && roles.includes(user.role)) return true;
    throw new ApiException('FORBIDDEN', {}, 'This action is reserved for administrators');
  }
}
