import { ROUTES } from '@tdgen/contracts';
import { validated } from '../common/validation-pipe';
import { AcquireLockDto, LockRefDto } from '../locks/dto/lock.dto';
import { JsonOrTextBodyPipe } from '../locks/json-or-text-body.pipe';
import type { LocksController } from '../locks/locks.controller';
import type { LeanRoute } from './lean-routes';

/**
 * POST /api/locks/acquire and /release as lean routes (ADR 0020): the controller's own methods,
 * behind the same validation as their Nest routes (the global pipe; the JSON-or-text pipe).
 */
export function lockLeanRoutes(locks: LocksController): LeanRoute[] {
  const releaseBody = new JsonOrTextBodyPipe(LockRefDto);
  const acquire: LeanRoute<AcquireLockDto> = {
    method: 'POST',
    path: `${ROUTES.locks}/acquire`,
    body: 'json',
    validate: (body) => validated(AcquireLockDto, body),
    serve: (user, dto) => locks.acquire(user, dto),
  };
  const release: LeanRoute<LockRefDto> = {
    method: 'POST',
    path: `${ROUTES.locks}/release`,
    body: 'json-or-text',
    validate: (body) => releaseBody.transform(body),
    serve: (user, dto) => locks.release(user, dto),
  };
  return [acquire as LeanRoute, release as LeanRoute];
}
