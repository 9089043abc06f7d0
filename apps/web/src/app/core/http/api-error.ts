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

type Resource = 'task' | 'description' | 'association' | 'user' | 'lock' | 'other';

const RESOURCE_OF_PATH: Record<string, Resource> = {
  [ROUTES.jobTasks]: 'task',
  [ROUTES.jobDescriptions]: 'description',
  [ROUTES.jobDescriptionTasks]: 'association',
  [ROUTES.users]: 'user',
  [ROUTES.locks]: 'lock',
};

/** Requests on a part of a record, whatever the record: one whole sentence each. */
const SUB_RESOURCE_TEXT: Record<string, () => string> = {
  percentages: () => $localize`Could not save the shares`,
  'framework-data': () => $localize`Could not save the framework data`,
  restore: () => $localize`Could not restore the record`,
  permanent: () => $localize`Could not delete the record permanently`,
  break: () => $localize`Could not break the lock`,
};

/** What a request on a resource tried to do, one whole sentence per method (no fragments to translate). */
const REQUEST_TEXT: Record<
  Resource,
  { list: () => string; one: () => string; create: () => string; delete: () => string; save: () => string }
> = {
  task: {
    list: () => $localize`Could not load the job tasks`,
    one: () => $localize`Could not load the job task`,
    create: () => $localize`Could not create the job task`,
    delete: () => $localize`Could not delete the job task`,
    save: () => $localize`Could not save the job task`,
  },
  description: {
    list: () => $localize`Could not load the job descriptions`,
    one: () => $localize`Could not load the job description`,
    create: () => $localize`Could not create the job description`,
    delete: () => $localize`Could not delete the job description`,
    save: () => $localize`Could not save the job description`,
  },
  association: {
    list: () => $localize`Could not load the data`,
    one: () => $localize`Could not load the data`,
    create: () => $localize`Could not add the task`,
    delete: () => $localize`Could not remove the task`,
    save: () => $localize`Could not move the task`,
  },
  user: {
    list: () => $localize`Could not load the users`,
    one: () => $localize`Could not load the user`,
    create: () => $localize`Could not create the user`,
    delete: () => $localize`Could not delete the user`,
    save: () => $localize`Could not save the user`,
  },
  lock: {
    list: () => $localize`Could not load the locks`,
    one: () => $localize`Could not load the lock`,
    create: () => $localize`Could not change the lock`,
    delete: () => $localize`Could not change the lock`,
    save: () => $localize`Could not change the lock`,
  },
  other: {
    list: () => $localize`Could not load the data`,
    one: () => $localize`Could not load the data`,
    create: () => $localize`Could not save the changes`,
    delete: () => $localize`Could not delete it`,
    save: () => $localize`Could not save the changes`,
  },
};

/** What a failed request tried to do, e.g. "Could not save the job task" (the first half of its message). */
export function describeFailedRequest(method: string, url: string): string {
  const path = new URL(url, 'http://x').pathname.replace(/^\/api\//, '').split('/');
  const [resource, ...rest] = path;
  const subResource = rest.find((part) => part in SUB_RESOURCE_TEXT);
  if (subResource) return SUB_RESOURCE_TEXT[subResource]();
  const texts = REQUEST_TEXT[RESOURCE_OF_PATH[resource ?? ''] ?? 'other'];
  switch (method.toUpperCase()) {
    case 'GET':
      return rest.length ? texts.one() : texts.list();
    case 'POST':
      return texts.create();
    case 'DELETE':
      return texts.delete();
    default:
      return texts.save();
  }
}
