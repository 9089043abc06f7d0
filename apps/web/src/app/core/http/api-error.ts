import { HttpErrorResponse } from '@angular/common/http';
import { ROUTES, isApiError, type ApiError, type ErrorCode } from '@tdgen/contracts';

/** The server's coded error body (docs/product.md § Errors), when the failure is an HTTP error carrying one. */
export function apiErrorOf(error: unknown): ApiError | null {
  return error instanceof HttpErrorResponse && isApiError(error.error) ? error.error : null;
}

/** The code of a failed request, or null for a network error or a body without one. */
export function errorCodeOf(error: unknown): ErrorCode | null {
  return apiErrorOf(error)?.code ?? null;
}

export function httpStatusOf(error: unknown): number | null {
  return error instanceof HttpErrorResponse ? error.status : null;
}

const RECORD_OF_PATH: Record<string, string> = {
  [ROUTES.jobTasks]: 'the job task',
  [ROUTES.jobDescriptions]: 'the job description',
  [ROUTES.jobDescriptionTasks]: 'the task list of the description',
  [ROUTES.users]: 'the user',
  [ROUTES.locks]: 'the lock',
};

const SUB_RESOURCE_OF_PATH: Record<string, string> = {
  percentages: 'the shares',
  'framework-data': 'the framework data',
  restore: 'the restore',
  permanent: 'the permanent delete',
  break: 'breaking the lock',
};

/** What a failed request tried to do, e.g. "Could not save the job task" (the first half of its message). */
export function describeFailedRequest(method: string, url: string): string {
  const path = new URL(url, 'http://x').pathname.replace(/^\/api\//, '').split('/');
  const [resource, ...rest] = path;
  const subject = SUB_RESOURCE_OF_PATH[rest.find((part) => part in SUB_RESOURCE_OF_PATH) ?? ''];
  const record = RECORD_OF_PATH[resource ?? ''] ?? 'the request';
  if (subject) return `Could not save ${subject}`;
  switch (method.toUpperCase()) {
    case 'GET':
      return record === 'the request' ? 'Could not load the data' : `Could not load ${record}${rest.length ? '' : 's'}`;
    case 'POST':
      return resource === ROUTES.jobDescriptionTasks ? 'Could not add the task' : `Could not create ${record}`;
    case 'DELETE':
      return resource === ROUTES.jobDescriptionTasks ? 'Could not remove the task' : `Could not delete ${record}`;
    default:
      return resource === ROUTES.jobDescriptionTasks ? 'Could not move the task' : `Could not save ${record}`;
  }
}
