import { HttpErrorResponse } from '@angular/common/http';
import {
  FRAMEWORK_FIELD_LABELS,
  SHARE_MIN,
  SHARE_STEP,
  SHARE_TOTAL,
  isApiError,
  type ApiErrorOf,
  type ErrorCode,
  type ErrorRecord,
  type ErrorRecordType,
  type LockDto,
  type SharesViolation,
} from '@tdgen/contracts';

/*
 * The one place that puts a failed request into words (docs/product.md § Errors): by the error's
 * code and parameters, never by the server's English `message` or the request's URL. Every
 * user-facing error text of the web app is in this file, as whole sentences.
 */

/**
 * One whole sentence per kind of record (a translation may need a different sentence for each:
 * grammatical gender), chosen by the record the error names.
 */
function perRecord<T extends ErrorRecordType>(
  record: ErrorRecord<T>,
  sentences: (id: number) => Record<T, string>,
): string {
  return sentences(record.id)[record.entityType];
}

/** Form fields by the names the server gives them. */
const FIELD_TEXT: Record<string, string> = {
  title: 'Title',
  text: 'Text',
  tags: 'Tags',
  payGroup: 'Pay group',
  readOnlyForEditors: 'Read-only for editors',
  username: 'Username',
  displayName: 'Display name',
  password: 'Password',
  role: 'Role',
  reason: 'Reason',
  percentages: 'Shares',
  ...Object.fromEntries(
    Object.entries(FRAMEWORK_FIELD_LABELS).map(([field, label]) => [`frameworkData.${field}`, label]),
  ),
  ...FRAMEWORK_FIELD_LABELS,
};

function fieldText(field: string): string {
  return FIELD_TEXT[field] ?? FIELD_TEXT[field.split('.')[0]] ?? field;
}

/** "Bob Example since 10:30": who holds a lock, and since when. */
export function describeLockHolder(lock: LockDto): string {
  const since = new Date(lock.acquiredAt);
  if (Number.isNaN(since.getTime())) return lock.holder.displayName;
  const time = since.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return `${lock.holder.displayName} since ${time}`;
}

function sharesText(violation: SharesViolation): string {
  switch (violation.rule) {
    case 'integer':
      return `Shares must be whole numbers (got ${violation.value} %).`;
    case 'step':
      return `Shares must be multiples of ${SHARE_STEP} % (got ${violation.value} %).`;
    case 'min':
      return `Every share must be at least ${SHARE_MIN} % (got ${violation.value} %).`;
    case 'sum':
      return `The shares must add up to ${SHARE_TOTAL} %; they add up to ${violation.sum} %.`;
    case 'duplicate':
      return `Job task #${violation.jobTaskId} is listed twice.`;
    case 'not-in-description':
      return `Job task #${violation.jobTaskId} is no longer part of this job description.`;
    case 'missing':
      return violation.jobTaskIds.length === 1
        ? `The share of job task #${violation.jobTaskIds[0]} is missing.`
        : `The shares of job tasks ${violation.jobTaskIds.map((id) => `#${id}`).join(', ')} are missing.`;
  }
}

const SERVER_UNAVAILABLE = 'The server is unavailable at the moment. Your input is kept; try again in a moment.';

/** The words for each code; a code added to libs/contracts without words here does not compile (and fails error-text.spec). */
export const ERROR_TEXTS: { readonly [C in ErrorCode]: (error: ApiErrorOf<C>) => string } = {
  VALIDATION_FAILED: ({ fields }) => {
    const names = [...new Set(fields.map((f) => fieldText(f.field)))];
    if (names.length === 0) return 'The input was not accepted.';
    return names.length === 1
      ? `The input was not accepted. Please check: ${names[0]}.`
      : `The input was not accepted. Please check these fields: ${names.join(', ')}.`;
  },
  MALFORMED_BODY: () => 'The request could not be read. Please reload the page and try again.',
  INDEX_OUT_OF_RANGE: ({ max }) => `That position does not exist; the list has positions 1 to ${max + 1}.`,
  SHARES_INVALID: (error) => sharesText(error),
  TEXT_TOO_LONG: ({ max, length }) =>
    `The text is too long: ${length} characters as stored, at most ${max} (formatting counts too).`,
  LOGOUT_TOKEN_INVALID: () => 'The sign-out message of the single sign-on provider was not valid.',
  BAD_REQUEST: () => 'The request was not accepted.',
  UNAUTHENTICATED: () => 'Your session has ended. Please sign in again.',
  INVALID_CREDENTIALS: () => 'Wrong username or password.',
  FORBIDDEN: () => 'Only administrators may do this.',
  RECORD_READ_ONLY: ({ record }) =>
    perRecord(record, () => ({
      JobTask: 'This job task is read-only for editors. Only an admin can change it.',
      JobDescription: 'This job description is read-only for editors. Only an admin can change it.',
    })),
  ADMIN_FIELD: ({ field }) =>
    field === 'payGroup'
      ? 'Only administrators may set the pay group.'
      : 'Only administrators may set the read-only flag.',
  CROSS_SITE_REQUEST: () => 'The request came from another site and was refused.',
  PASSWORD_LOGIN_DISABLED: () => 'Password sign-in is turned off here. Please sign in with single sign-on.',
  NOT_FOUND: ({ records }) => {
    if (records.length > 1) {
      const ids = records.map((r) => `#${r.id}`).join(', ');
      return `These records no longer exist: ${ids}. They may have been deleted in the meantime.`;
    }
    if (records.length === 0) return 'Not found — it may have been deleted in the meantime.';
    return perRecord(records[0], (id) => ({
      JobTask: `Job task #${id} no longer exists — it may have been deleted in the meantime.`,
      JobDescription: `Job description #${id} no longer exists — it may have been deleted in the meantime.`,
      User: `User #${id} no longer exists.`,
    }));
  },
  NO_HANDOVER_REQUEST: () => 'Nobody is asking for this record (any more).',
  TASK_NOT_IN_DESCRIPTION: () => 'The task is no longer part of this job description.',
  NO_DESCRIPTIONS_WITH_TAG: ({ tag }) => `No job description carries the tag “${tag}”.`,
  NOT_LOCKED: ({ record }) =>
    perRecord(record, () => ({
      JobTask: 'This job task is not locked (anymore).',
      JobDescription: 'This job description is not locked (anymore).',
    })),
  TITLE_TAKEN: ({ record, title, isDeleted }) =>
    perRecord(record, (id) =>
      isDeleted
        ? {
            JobTask: `The title “${title}” belongs to the deleted job task #${id}. An administrator can restore it.`,
            JobDescription: `The title “${title}” belongs to the deleted job description #${id}. An administrator can restore it.`,
          }
        : {
            JobTask: `The title “${title}” is already taken by job task #${id}.`,
            JobDescription: `The title “${title}” is already taken by job description #${id}.`,
          },
    ),
  RECORD_DELETED: ({ record }) =>
    perRecord(record, (id) => ({
      JobTask: `Job task #${id} has been deleted. An administrator can restore it.`,
      JobDescription: `Job description #${id} has been deleted. An administrator can restore it.`,
    })),
  RECORD_NOT_DELETED: ({ record }) =>
    perRecord(record, (id) => ({
      JobTask: `Job task #${id} is not deleted.`,
      JobDescription: `Job description #${id} is not deleted.`,
    })),
  TASK_ALREADY_IN_DESCRIPTION: () => 'This task is already part of the job description.',
  MAX_TASKS: ({ limit }) => `A job description holds at most ${limit} tasks. Remove one before adding another.`,
  USERNAME_TAKEN: ({ username }) => `The username “${username}” is already taken.`,
  OWN_ACCOUNT: () => 'You cannot disable your own account or change your own role.',
  RECORD_FREE: () => 'Nobody is editing this record now: you can edit it yourself.',
  OWN_LOCK: ({ isOtherTab }) =>
    isOtherTab ? 'You are editing this record in another tab: take it over instead.' : 'You are editing this record.',
  HANDOVER_PENDING: ({ requester }) =>
    `${requester.displayName} has already asked for this record. Use “Notify me when free” to wait in line.`,
  OFFERED_TO_YOU: () => 'This record is reserved for you: edit it now.',
  CONFLICT: () => 'This conflicts with existing data.',
  PAYLOAD_TOO_LARGE: () => 'The input is too large to be saved.',
  UNSUPPORTED_MEDIA_TYPE: () => 'The request could not be read. Please reload the page and try again.',
  LOCKED: ({ lock, heldBySelfElsewhere, record }) => {
    if (heldBySelfElsewhere) return 'You are editing this record in another tab.';
    const holder = describeLockHolder(lock);
    const isOther = record.entityType !== lock.entityType || record.id !== lock.entityId;
    if (!isOther) return `Locked by ${holder}.`;
    return perRecord({ entityType: lock.entityType, id: lock.entityId }, (id) => ({
      JobTask: `A job task it contains (#${id}) is locked by ${holder}.`,
      JobDescription: `A job description it belongs to (#${id}) is locked by ${holder}.`,
    }));
  },
  STALE_LOCK: () =>
    'This change was made under an earlier lock of the record and was not saved. Reload the record and try again.',
  LOCK_OFFERED: ({ offer }) => `Reserved for ${offer.user.displayName}, who was waiting in line. Try again shortly.`,
  LOCK_REQUIRED: () => 'You need to hold the lock to change this. Open it for editing first.',
  RATE_LIMITED: ({ retryAfterS }) =>
    retryAfterS
      ? `Too many sign-in attempts. Please wait ${retryAfterS} s and try again.`
      : 'Too many sign-in attempts. Please wait a moment and try again.',
  TOO_MANY_STREAMS: ({ limit }) => `At most ${limit} tabs can follow live changes at once. Close another tab.`,
  INTERNAL: () => 'The server had a problem. Please try again.',
  DATABASE_UNAVAILABLE: () => SERVER_UNAVAILABLE,
  SHUTTING_DOWN: () => SERVER_UNAVAILABLE,
};

/** Words for a coded error body. */
function textOfCode<C extends ErrorCode>(error: ApiErrorOf<C>): string {
  return (ERROR_TEXTS[error.code] as (e: ApiErrorOf<C>) => string)(error);
}

/** One sentence a user can act on, for any failed request (or any other error). */
export function errorText(error: unknown): string {
  if (!(error instanceof HttpErrorResponse)) return 'Something went wrong. Please try again.';
  if (isApiError(error.error)) return textOfCode(error.error);
  // No coded body: the network, a proxy in between, or a server that is not this API.
  switch (error.status) {
    case 0:
      return 'The server cannot be reached. Your input is kept; try again when the connection is back.';
    case 401:
      return ERROR_TEXTS.UNAUTHENTICATED({} as ApiErrorOf<'UNAUTHENTICATED'>);
    case 429:
      return 'Too many requests. Please wait a moment and try again.';
    case 502:
    case 503:
    case 504:
      return SERVER_UNAVAILABLE;
    default:
      return error.status >= 500
        ? 'The server had a problem. Please try again.'
        : `The request failed (${error.status}).`;
  }
}
