import { HttpErrorResponse } from '@angular/common/http';
import {
  DOCUMENT_LABELS,
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
import { pageLocale } from '../collation';
import { buildLanguage } from '../language.service';
import { pluralForm } from '../plural';

/*
 * The one place that puts a failed request into words (docs/product.md § Errors): by the error's
 * code and parameters, never by the server's English `message` or the request's URL. Every
 * user-facing error text of the web app is in this file, as whole sentences marked for Angular i18n
 * (`$localize`; the German words are in apps/web/src/locale/messages.de.xlf).
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

/** Form fields by the names the server gives them, in the words of the forms (and the document). */
function fieldTexts(): Record<string, string> {
  const framework = DOCUMENT_LABELS[buildLanguage(pageLocale())].frameworkFields;
  return {
    title: $localize`Title`,
    text: $localize`Text`,
    tags: $localize`Tags`,
    payGroup: $localize`Pay group`,
    readOnlyForEditors: $localize`Read-only for editors`,
    username: $localize`Username`,
    displayName: $localize`Display name`,
    password: $localize`Password`,
    role: $localize`Role`,
    reason: $localize`Reason`,
    percentages: $localize`Shares`,
    ...Object.fromEntries(Object.entries(framework).map(([field, label]) => [`frameworkData.${field}`, label])),
    ...framework,
  };
}

function fieldText(field: string): string {
  const texts = fieldTexts();
  return texts[field] ?? texts[field.split('.')[0]] ?? field;
}

/** "Bob Example since 10:30": who holds a lock, and since when (the time in the page's language). */
export function describeLockHolder(lock: LockDto): string {
  const since = new Date(lock.acquiredAt);
  const name = lock.holder.displayName;
  if (Number.isNaN(since.getTime())) return name;
  const time = since.toLocaleTimeString(pageLocale(), { hour: '2-digit', minute: '2-digit' });
  return $localize`${name}:name: since ${time}:time:`;
}

function sharesText(violation: SharesViolation): string {
  switch (violation.rule) {
    case 'integer':
      return $localize`Shares must be whole numbers (got ${violation.value}:value: %).`;
    case 'step':
      return $localize`Shares must be multiples of ${SHARE_STEP}:step: % (got ${violation.value}:value: %).`;
    case 'min':
      return $localize`Every share must be at least ${SHARE_MIN}:min: % (got ${violation.value}:value: %).`;
    case 'sum':
      return $localize`The shares must add up to ${SHARE_TOTAL}:total: %; they add up to ${violation.sum}:sum: %.`;
    case 'duplicate':
      return $localize`Job task #${violation.jobTaskId}:taskId: is listed twice.`;
    case 'not-in-description':
      return $localize`Job task #${violation.jobTaskId}:taskId: is no longer part of this job description.`;
    case 'missing':
      return violation.jobTaskIds.length === 1
        ? $localize`The share of job task #${violation.jobTaskIds[0]}:taskId: is missing.`
        : $localize`The shares of job tasks ${violation.jobTaskIds.map((id) => `#${id}`).join(', ')}:taskIds: are missing.`;
  }
}

const serverUnavailable = () =>
  $localize`The server is unavailable at the moment. Your input is kept; try again in a moment.`;

/** The words for each code; a code added to libs/contracts without words here does not compile (and fails error-text.spec). */
export const ERROR_TEXTS: { readonly [C in ErrorCode]: (error: ApiErrorOf<C>) => string } = {
  VALIDATION_FAILED: ({ fields }) => {
    const names = [...new Set(fields.map((f) => fieldText(f.field)))];
    if (names.length === 0) return $localize`The input was not accepted.`;
    return names.length === 1
      ? $localize`The input was not accepted. Please check: ${names[0]}:field:.`
      : $localize`The input was not accepted. Please check these fields: ${names.join(', ')}:fields:.`;
  },
  MALFORMED_BODY: () => $localize`The request could not be read. Please reload the page and try again.`,
  INDEX_OUT_OF_RANGE: ({ max }) =>
    $localize`That position does not exist; the list has positions 1 to ${max + 1}:last:.`,
  SHARES_INVALID: (error) => sharesText(error),
  TEXT_TOO_LONG: ({ max, length }) =>
    $localize`The text is too long: ${length}:length: characters as stored, at most ${max}:max: (formatting counts too).`,
  LOGOUT_TOKEN_INVALID: () => $localize`The sign-out message of the single sign-on provider was not valid.`,
  BAD_REQUEST: () => $localize`The request was not accepted.`,
  UNAUTHENTICATED: () => $localize`Your session has ended. Please sign in again.`,
  INVALID_CREDENTIALS: () => $localize`Wrong username or password.`,
  FORBIDDEN: () => $localize`Only administrators may do this.`,
  RECORD_READ_ONLY: ({ record }) =>
    perRecord(record, () => ({
      JobTask: $localize`This job task is read-only for editors. Only an admin can change it.`,
      JobDescription: $localize`This job description is read-only for editors. Only an admin can change it.`,
    })),
  ADMIN_FIELD: ({ field }) =>
    field === 'payGroup'
      ? $localize`Only administrators may set the pay group.`
      : $localize`Only administrators may set the read-only flag.`,
  CROSS_SITE_REQUEST: () => $localize`The request came from another site and was refused.`,
  PASSWORD_LOGIN_DISABLED: () => $localize`Password sign-in is turned off here. Please sign in with single sign-on.`,
  NOT_FOUND: ({ records }) => {
    if (records.length > 1) {
      const ids = records.map((r) => `#${r.id}`).join(', ');
      return $localize`These records no longer exist: ${ids}:ids:. They may have been deleted in the meantime.`;
    }
    if (records.length === 0) return $localize`Not found — it may have been deleted in the meantime.`;
    return perRecord(records[0], (id) => ({
      JobTask: $localize`Job task #${id}:id: no longer exists — it may have been deleted in the meantime.`,
      JobDescription: $localize`Job description #${id}:id: no longer exists — it may have been deleted in the meantime.`,
      User: $localize`User #${id}:id: no longer exists.`,
    }));
  },
  NO_HANDOVER_REQUEST: () => $localize`Nobody is asking for this record (any more).`,
  TASK_NOT_IN_DESCRIPTION: () => $localize`The task is no longer part of this job description.`,
  NO_DESCRIPTIONS_WITH_TAG: ({ tag }) => $localize`No job description carries the tag “${tag}:tag:”.`,
  NOT_LOCKED: ({ record }) =>
    perRecord(record, () => ({
      JobTask: $localize`This job task is not locked (anymore).`,
      JobDescription: $localize`This job description is not locked (anymore).`,
    })),
  TITLE_TAKEN: ({ record, title, isDeleted }) =>
    perRecord(record, (id) =>
      isDeleted
        ? {
            JobTask: $localize`The title “${title}:title:” belongs to the deleted job task #${id}:id:. An administrator can restore it.`,
            JobDescription: $localize`The title “${title}:title:” belongs to the deleted job description #${id}:id:. An administrator can restore it.`,
          }
        : {
            JobTask: $localize`The title “${title}:title:” is already taken by job task #${id}:id:.`,
            JobDescription: $localize`The title “${title}:title:” is already taken by job description #${id}:id:.`,
          },
    ),
  RECORD_DELETED: ({ record }) =>
    perRecord(record, (id) => ({
      JobTask: $localize`Job task #${id}:id: has been deleted. An administrator can restore it.`,
      JobDescription: $localize`Job description #${id}:id: has been deleted. An administrator can restore it.`,
    })),
  RECORD_NOT_DELETED: ({ record }) =>
    perRecord(record, (id) => ({
      JobTask: $localize`Job task #${id}:id: is not deleted.`,
      JobDescription: $localize`Job description #${id}:id: is not deleted.`,
    })),
  TASK_ALREADY_IN_DESCRIPTION: () => $localize`This task is already part of the job description.`,
  MAX_TASKS: ({ limit }) =>
    pluralForm(pageLocale(), limit, {
      one: $localize`A job description holds at most ${limit}:limit: task. Remove it before adding another.`,
      other: $localize`A job description holds at most ${limit}:limit: tasks. Remove one before adding another.`,
    }),
  USERNAME_TAKEN: ({ username }) => $localize`The username “${username}:username:” is already taken.`,
  OWN_ACCOUNT: () => $localize`You cannot disable your own account or change your own role.`,
  RECORD_FREE: () => $localize`Nobody is editing this record now: you can edit it yourself.`,
  OWN_LOCK: ({ isOtherTab }) =>
    isOtherTab
      ? $localize`You are editing this record in another tab: take it over instead.`
      : $localize`You are editing this record.`,
  HANDOVER_PENDING: ({ requester }) =>
    $localize`${requester.displayName}:requester: has already asked for this record. Use “Notify me when free” to wait in line.`,
  OFFERED_TO_YOU: () => $localize`This record is reserved for you: edit it now.`,
  CONFLICT: () => $localize`This conflicts with existing data.`,
  PAYLOAD_TOO_LARGE: () => $localize`The input is too large to be saved.`,
  UNSUPPORTED_MEDIA_TYPE: () => $localize`The request could not be read. Please reload the page and try again.`,
  LOCKED: ({ lock, heldBySelfElsewhere, record }) => {
    if (heldBySelfElsewhere) return $localize`You are editing this record in another tab.`;
    const holder = describeLockHolder(lock);
    const isOther = record.entityType !== lock.entityType || record.id !== lock.entityId;
    if (!isOther) return $localize`Locked by ${holder}:holder:.`;
    return perRecord({ entityType: lock.entityType, id: lock.entityId }, (id) => ({
      JobTask: $localize`A job task it contains (#${id}:id:) is locked by ${holder}:holder:.`,
      JobDescription: $localize`A job description it belongs to (#${id}:id:) is locked by ${holder}:holder:.`,
    }));
  },
  STALE_LOCK: () =>
    $localize`This change was made under an earlier lock of the record and was not saved. Reload the record and try again.`,
  LOCK_OFFERED: ({ offer }) =>
    $localize`Reserved for ${offer.user.displayName}:user:, who was waiting in line. Try again shortly.`,
  LOCK_REQUIRED: () => $localize`You need to hold the lock to change this. Open it for editing first.`,
  RATE_LIMITED: ({ retryAfterS }) =>
    retryAfterS
      ? $localize`Too many sign-in attempts. Please wait ${retryAfterS}:seconds: s and try again.`
      : $localize`Too many sign-in attempts. Please wait a moment and try again.`,
  TOO_MANY_STREAMS: ({ limit }) =>
    pluralForm(pageLocale(), limit, {
      one: $localize`Only ${limit}:limit: tab can follow live changes at once. Close the other tab.`,
      other: $localize`At most ${limit}:limit: tabs can follow live changes at once. Close another tab.`,
    }),
  INTERNAL: () => $localize`The server had a problem. Please try again.`,
  DATABASE_UNAVAILABLE: () => serverUnavailable(),
  SHUTTING_DOWN: () => serverUnavailable(),
};

/** Words for a coded error body. */
function textOfCode<C extends ErrorCode>(error: ApiErrorOf<C>): string {
  return (ERROR_TEXTS[error.code] as (e: ApiErrorOf<C>) => string)(error);
}

/** One sentence a user can act on, for any failed request (or any other error). */
export function errorText(error: unknown): string {
  if (!(error instanceof HttpErrorResponse)) return $localize`Something went wrong. Please try again.`;
  if (isApiError(error.error)) return textOfCode(error.error);
  // No coded body: the network, a proxy in between, or a server that is not this API.
  switch (error.status) {
    case 0:
      return $localize`The server cannot be reached. Your input is kept; try again when the connection is back.`;
    case 401:
      return ERROR_TEXTS.UNAUTHENTICATED({} as ApiErrorOf<'UNAUTHENTICATED'>);
    case 429:
      return $localize`Too many requests. Please wait a moment and try again.`;
    case 502:
    case 503:
    case 504:
      return serverUnavailable();
    default:
      return error.status >= 500
        ? $localize`The server had a problem. Please try again.`
        : $localize`The request failed (${error.status}:status:).`;
  }
}
