import type { LockDto, LockEntityType, UserRef } from './dto';
import type { LockOfferDto } from './lock-negotiation';
import type { SharesViolation } from './shares';

/**
 * Error codes on the wire (docs/product.md § Errors): every error body the API sends is
 * `{statusCode, error, code, message, ...params}` — `code` a stable name from this file, the
 * parameters of that code beside it (`ErrorParams[code]`), `message` English words for API users
 * and logs. Clients word an error from its code and parameters, never from `message`.
 */

/** The kinds of record an error can name. */
export type ErrorRecordType = LockEntityType | 'User';

/** The record an error is about. */
export interface ErrorRecord<T extends ErrorRecordType = ErrorRecordType> {
  entityType: T;
  id: number;
}

/** A job task or job description, as errors name it. */
export type CatalogueRecordRef = ErrorRecord<LockEntityType>;

/** One input that failed validation: its path (`title`, `frameworkData.education`, `X-Client-Id`) and the rules it broke. */
export interface FieldError {
  field: string;
  /** class-validator constraint names (`isString`, `maxLength`, `whitelistValidation`, …) or the check's own name. */
  rules: string[];
}

/** Why a request body could not be read at all. */
export type MalformedBodyParams = { reason: 'syntax' | 'not-an-object' } | { reason: 'too-deep'; maxDepth: number };

/** The administrator-only fields of a record (docs/product.md § Roles). */
export type AdminField = 'payGroup' | 'readOnlyForEditors';

type NoParams = Record<never, never>;

/**
 * Every error code and its parameters. Adding a code here forces its status into ERROR_STATUS,
 * its parameter names into ERROR_PARAMS and its words into the web app's error texts.
 */
export interface ErrorParams {
  // 400
  /** Input that breaks a field's rules (DTO validation, route ids, the tab header). */
  VALIDATION_FAILED: { fields: FieldError[] };
  /** A body that is not JSON, not an object, or nested too deep. */
  MALFORMED_BODY: MalformedBodyParams;
  /** A task position outside 0…max (docs/product.md § Order). */
  INDEX_OUT_OF_RANGE: { index: number; max: number };
  /** An explicit share list breaking a rule of docs/product.md § Shares. */
  SHARES_INVALID: SharesViolation;
  /** A task text longer than allowed once sanitized and stored. */
  TEXT_TOO_LONG: { field: 'text'; max: number; length: number };
  /** A single-sign-on back-channel logout token that does not verify. */
  LOGOUT_TOKEN_INVALID: NoParams;
  /** Any other refused request (a transport error without its own code; its `statusCode` is the real status). */
  BAD_REQUEST: NoParams;
  // 401
  /** No valid session (never signed in, signed out, expired, revoked). */
  UNAUTHENTICATED: NoParams;
  /** Wrong username or password. */
  INVALID_CREDENTIALS: NoParams;
  // 403
  /** The action is reserved for administrators. */
  FORBIDDEN: NoParams;
  /** The record is read-only for editors (docs/product.md § Read-only descriptions). */
  RECORD_READ_ONLY: { record: CatalogueRecordRef };
  /** An editor tried to change an administrator-only field. */
  ADMIN_FIELD: { field: AdminField };
  /** A mutation from another site (docs/product.md § Roles). */
  CROSS_SITE_REQUEST: NoParams;
  /** Password sign-in is turned off (LOCAL_LOGIN=false). */
  PASSWORD_LOGIN_DISABLED: NoParams;
  // 404
  /** Unknown records (empty for an unknown route). */
  NOT_FOUND: { records: ErrorRecord[] };
  /** The task is not part of the description. */
  TASK_NOT_IN_DESCRIPTION: { jobDescriptionId: number; jobTaskId: number };
  /** No job description carries the tag (document export). */
  NO_DESCRIPTIONS_WITH_TAG: { tag: string };
  /** An administrator's break of a record nobody has locked. */
  NOT_LOCKED: { record: CatalogueRecordRef };
  /** Answering a handover request when nobody asked (docs/product.md § Locks, Handover). */
  NO_HANDOVER_REQUEST: { record: CatalogueRecordRef };
  // 409
  /** The title belongs to another record, maybe a deleted one (docs/product.md § Titles). */
  TITLE_TAKEN: { record: CatalogueRecordRef; title: string; isDeleted: boolean };
  /** The record is soft-deleted and cannot be changed, locked, added or opened. */
  RECORD_DELETED: { record: CatalogueRecordRef };
  /** Restoring a record that is not deleted. */
  RECORD_NOT_DELETED: { record: CatalogueRecordRef };
  /** The task is in the description already. */
  TASK_ALREADY_IN_DESCRIPTION: { jobDescriptionId: number; jobTaskId: number };
  /** The description holds the most tasks it may (MAX_TASKS_PER_DESCRIPTION). */
  MAX_TASKS: { jobDescriptionId: number; limit: number };
  /** A user with this username exists. */
  USERNAME_TAKEN: { username: string };
  /** An administrator cannot disable themselves or change their own role. */
  OWN_ACCOUNT: NoParams;
  /** Asking for a handover or a place in line for a record nobody holds: take the lock instead. */
  RECORD_FREE: { record: CatalogueRecordRef };
  /** Asking for a handover of (or waiting for) a lock the caller holds; `isOtherTab`: take it over instead. */
  OWN_LOCK: { record: CatalogueRecordRef; isOtherTab: boolean };
  /** Someone else already asked the holder to hand over; wait in line instead. */
  HANDOVER_PENDING: { record: CatalogueRecordRef; requester: UserRef };
  /** Joining the line of a record that is offered to the caller: take the lock instead. */
  OFFERED_TO_YOU: { record: CatalogueRecordRef };
  /** Another conflict with stored data. */
  CONFLICT: NoParams;
  // 413, 415
  /** The body is larger than the endpoint accepts. */
  PAYLOAD_TOO_LARGE: { limitBytes: number | null };
  /** A body encoding or character set the server does not read. */
  UNSUPPORTED_MEDIA_TYPE: NoParams;
  // 423, 428
  /**
   * Another user or tab holds the lock. `record` is the record the refused request was about:
   * usually the locked one, but e.g. a task's permanent delete is refused by the lock of a
   * description that contains the task.
   */
  LOCKED: { lock: LockDto; heldBySelfElsewhere: boolean; record: CatalogueRecordRef };
  /** A write carrying the fencing token of an earlier lock of the record (docs/product.md § Locks). */
  STALE_LOCK: { lock: LockDto; record: CatalogueRecordRef };
  /** The record is free but reserved for the first in its line until the offer runs out. */
  LOCK_OFFERED: { offer: LockOfferDto; record: CatalogueRecordRef };
  /** The change needs the record's lock in the calling tab (docs/product.md § Locks). */
  LOCK_REQUIRED: { record: CatalogueRecordRef };
  // 429
  /** Too many sign-in attempts; `retryAfterS` as in the Retry-After header. */
  RATE_LIMITED: { retryAfterS: number | null };
  /** The user has the most event streams open that they may (SSE_MAX_CONNECTIONS_PER_USER). */
  TOO_MANY_STREAMS: { limit: number };
  // 500, 503
  /** A fault of the server (logged there; nothing was changed). */
  INTERNAL: NoParams;
  /** The database cannot be reached; retry after `retryAfterS` (also the Retry-After header). */
  DATABASE_UNAVAILABLE: { retryAfterS: number };
  /** The server is shutting down; reconnect shortly. */
  SHUTTING_DOWN: NoParams;
}

export type ErrorCode = keyof ErrorParams;

/** The HTTP status of each code (BAD_REQUEST and INTERNAL stand for every other 4xx and 5xx). */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_BODY: 400,
  INDEX_OUT_OF_RANGE: 400,
  SHARES_INVALID: 400,
  TEXT_TOO_LONG: 400,
  LOGOUT_TOKEN_INVALID: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  RECORD_READ_ONLY: 403,
  ADMIN_FIELD: 403,
  CROSS_SITE_REQUEST: 403,
  PASSWORD_LOGIN_DISABLED: 403,
  NOT_FOUND: 404,
  TASK_NOT_IN_DESCRIPTION: 404,
  NO_DESCRIPTIONS_WITH_TAG: 404,
  NOT_LOCKED: 404,
  NO_HANDOVER_REQUEST: 404,
  TITLE_TAKEN: 409,
  RECORD_DELETED: 409,
  RECORD_NOT_DELETED: 409,
  TASK_ALREADY_IN_DESCRIPTION: 409,
  MAX_TASKS: 409,
  USERNAME_TAKEN: 409,
  OWN_ACCOUNT: 409,
  RECORD_FREE: 409,
  OWN_LOCK: 409,
  HANDOVER_PENDING: 409,
  OFFERED_TO_YOU: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LOCKED: 423,
  STALE_LOCK: 423,
  LOCK_OFFERED: 423,
  LOCK_REQUIRED: 428,
  RATE_LIMITED: 429,
  TOO_MANY_STREAMS: 429,
  INTERNAL: 500,
  DATABASE_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
} as const satisfies Record<ErrorCode, number>;

/** Every error code, in the order of ERROR_STATUS. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

type KeysOfUnion<T> = T extends unknown ? keyof T : never;

/** The parameter names each code carries beside `code` (for the OpenAPI document and the API tests). */
export const ERROR_PARAMS = {
  VALIDATION_FAILED: ['fields'],
  MALFORMED_BODY: ['reason', 'maxDepth'],
  INDEX_OUT_OF_RANGE: ['index', 'max'],
  SHARES_INVALID: ['rule', 'value', 'sum', 'jobTaskId', 'jobTaskIds'],
  TEXT_TOO_LONG: ['field', 'max', 'length'],
  LOGOUT_TOKEN_INVALID: [],
  BAD_REQUEST: [],
  UNAUTHENTICATED: [],
  INVALID_CREDENTIALS: [],
  FORBIDDEN: [],
  RECORD_READ_ONLY: ['record'],
  ADMIN_FIELD: ['field'],
  CROSS_SITE_REQUEST: [],
  PASSWORD_LOGIN_DISABLED: [],
  NOT_FOUND: ['records'],
  TASK_NOT_IN_DESCRIPTION: ['jobDescriptionId', 'jobTaskId'],
  NO_DESCRIPTIONS_WITH_TAG: ['tag'],
  NOT_LOCKED: ['record'],
  NO_HANDOVER_REQUEST: ['record'],
  TITLE_TAKEN: ['record', 'title', 'isDeleted'],
  RECORD_DELETED: ['record'],
  RECORD_NOT_DELETED: ['record'],
  TASK_ALREADY_IN_DESCRIPTION: ['jobDescriptionId', 'jobTaskId'],
  MAX_TASKS: ['jobDescriptionId', 'limit'],
  USERNAME_TAKEN: ['username'],
  OWN_ACCOUNT: [],
  RECORD_FREE: ['record'],
  OWN_LOCK: ['record', 'isOtherTab'],
  HANDOVER_PENDING: ['record', 'requester'],
  OFFERED_TO_YOU: ['record'],
  CONFLICT: [],
  PAYLOAD_TOO_LARGE: ['limitBytes'],
  UNSUPPORTED_MEDIA_TYPE: [],
  LOCKED: ['lock', 'heldBySelfElsewhere', 'record'],
  STALE_LOCK: ['lock', 'record'],
  LOCK_OFFERED: ['offer', 'record'],
  LOCK_REQUIRED: ['record'],
  RATE_LIMITED: ['retryAfterS'],
  TOO_MANY_STREAMS: ['limit'],
  INTERNAL: [],
  DATABASE_UNAVAILABLE: ['retryAfterS'],
  SHUTTING_DOWN: [],
} as const satisfies { readonly [C in ErrorCode]: readonly KeysOfUnion<ErrorParams[C]>[] };

/** What every error body carries. */
export interface ApiErrorBase {
  statusCode: number;
  /** The HTTP status in words (`Conflict`); for LOCKED, LOCK_REQUIRED and DATABASE_UNAVAILABLE the code, as before codes existed. */
  error: string;
  /** English, for API users and logs; a client words the error from `code` and the parameters. */
  message: string | string[];
}

/** The error body of one code. */
export type ApiErrorOf<C extends ErrorCode> = ApiErrorBase & { code: C } & ErrorParams[C];

/** Any error body: a union discriminated by `code`. */
export type ApiError = { [C in ErrorCode]: ApiErrorOf<C> }[ErrorCode];

// Every parameter is listed in ERROR_PARAMS: this line stops compiling when one is left out.
type UnlistedParams = {
  [C in ErrorCode]: Exclude<KeysOfUnion<ErrorParams[C]>, (typeof ERROR_PARAMS)[C][number]>;
}[ErrorCode];
export const EVERY_PARAM_IS_LISTED: [UnlistedParams] extends [never] ? true : never = true;

// A parameter must not hide a field every body has: this line stops compiling when one does.
type ShadowingParams = {
  [C in ErrorCode]: Extract<KeysOfUnion<ErrorParams[C]>, keyof ApiErrorBase | 'code'>;
}[ErrorCode];
export const NO_PARAM_SHADOWS_A_BASE_FIELD: [ShadowingParams] extends [never] ? true : never = true;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, value);
}

/** True for a body that is one of the API's errors (a known code with a status). */
export function isApiError(body: unknown): body is ApiError {
  if (!body || typeof body !== 'object') return false;
  const { code, statusCode } = body as { code?: unknown; statusCode?: unknown };
  return isErrorCode(code) && typeof statusCode === 'number';
}

/** `error` of the 503 answered while the database is unreachable: retry, the session is still valid. */
export const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE' satisfies ErrorCode;
