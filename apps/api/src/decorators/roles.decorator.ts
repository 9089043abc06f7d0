import { SetMetadata } from '@nestjs/common';
import type { Role } from '@tdgen/contracts';

export const ROLES = 'roles';
/** Restricts a route to the given roles; checked by RolesGuard after the session guard. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
