import { HttpErrorResponse } from '@angular/common/http';
import { RECORD_NAMES, ROUTES, type ApiError, type LockDto, type LockEntityType } from '@tdgen/contracts';

/** The server's error body, when the failure is an HTTP error carrying one. */
export function apiErrorOf(error: unknown): ApiError | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const body: unknown = error.error;
  if (body && typeof body === 'object' && 'statusCode' in body) return body as ApiError;
  return { statusCode: error.status, error: error.statusText, message: error.message };
}

export function httpStatusOf(error: unknown): number | null {
  return error instanceof HttpErrorResponse ? error.status : null;
}

function serverMessage(apiError: ApiError | null): string {
  if (!apiError) return '';
  const message = Array.isArray(apiError.message) ? apiError.message.join('; ') : apiError.message;
  return message ?? '';
}

export function describeLockHolder(lock: LockDto): string {
  const since = new Date(lock.acquiredAt);
  const time = Number.isNaN(since.getTime())
    ? ''
    : ` since ${since.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
  return `${lock.holder.displayName}${time}`;
}

const RESOURCE_OF_PATH: Record<string, LockEntityType> = {
  [ROUTES.jobTasks]: 'JobTask',
  [ROUTES.jobDescriptions]: 'JobDescription',
};

/**
 * A 423 can name the lock of another record than the one the request addressed: e.g. a task's
 * permanent delete waits for every description that contains it. Such a lock gets named.
 */
function describeLock(lock: LockDto, url: string | null): string {
  const [, resource, id] = /\/api\/([a-z-]+)\/(\d+)/.exec(url ?? '') ?? [];
  const addressed = resource ? RESOURCE_OF_PATH[resource] : undefined;
  const isOther = addressed !== undefined && (addressed !== lock.entityType || Number(id) !== lock.entityId);
  return isOther
    ? `A ${RECORD_NAMES[lock.entityType]} it belongs to (#${lock.entityId}) is locked by ${describeLockHolder(lock)}.`
    : `Locked by ${describeLockHolder(lock)}.`;
}

/** One sentence a user can act on, for any failed request. */
export function describeHttpError(error: unknown): string {
  if (!(error instanceof HttpErrorResponse)) {
    return error instanceof Error ? error.message : 'Something went wrong.';
  }
  const apiError = apiErrorOf(error);
  const detail = serverMessage(apiError);
  switch (error.status) {
    case 0:
      return 'The server cannot be reached. Your input is kept; try again when the connection is back.';
    case 400:
      return detail ? `Invalid input: ${detail}` : 'The input was not accepted.';
    case 401:
      return 'Your session has ended. Please sign in again.';
    case 403:
      return detail ? `Not allowed: ${detail}` : 'You are not allowed to do this.';
    case 404:
      return 'Not found — it may have been deleted in the meantime.';
    case 409:
      return detail ? `Conflict: ${detail}` : 'This conflicts with existing data.';
    case 423:
      return apiError?.lock ? describeLock(apiError.lock, error.url) : 'This record is locked by someone else.';
    case 428:
      return 'You need to hold the lock to change this. Open it for editing first.';
    case 429:
      return 'Too many requests. Please wait a moment and try again.';
    case 502:
    case 503:
    case 504:
      return 'The server is unavailable at the moment. Your input is kept; try again in a moment.';
    default:
      return error.status >= 500
        ? 'The server had a problem. Please try again.'
        : detail || `Request failed (${error.status}).`;
  }
}
