import { CLIENT_ID_HEADER, LOCK_FENCES_HEADER, ROUTES } from '@tdgen/contracts';
import { validated } from '../common/validation-pipe';
import { isValidClientId } from '../common/client-id.decorator';
import { UpdateJobTaskDto } from '../job-tasks/dto/job-task.dto';
import type { JobTasksController } from '../job-tasks/job-tasks.controller';
import { withLockFences } from '../locks/lock-fences';
import type { LeanRoute } from './lean-routes';

interface UpdateInput {
  id: number;
  dto: UpdateJobTaskDto;
  clientId: string;
  fences: string | undefined;
}

/**
 * PATCH /api/job-tasks/:id as a lean route (ADR 0020): the editor's save, every few seconds while a
 * task is edited. The controller's own method, behind the global pipe's validation of the body, with
 * the tab's lock fences as LockFencesInterceptor provides them; a missing or malformed X-Client-Id
 * (or id) is left to the full pipeline, which refuses it.
 */
export function jobTaskUpdateLeanRoute(controller: JobTasksController): LeanRoute {
  const update: LeanRoute<UpdateInput> = {
    method: 'PATCH',
    path: `${ROUTES.jobTasks}/:id`,
    body: 'json',
    accepts: (req) => isValidClientId(req.headers[CLIENT_ID_HEADER]),
    validate: async (body, req, id) => {
      const fences = req.headers[LOCK_FENCES_HEADER];
      return {
        id: id as number,
        dto: await validated(UpdateJobTaskDto, body),
        clientId: req.headers[CLIENT_ID_HEADER] as string, // checked by `accepts`
        fences: typeof fences === 'string' ? fences : undefined,
      };
    },
    serve: (user, { id, dto, clientId, fences }) =>
      withLockFences(fences, () => controller.update(id, dto, user, clientId)),
  };
  return update as LeanRoute;
}
