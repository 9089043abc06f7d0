import type { FrameworkField } from './limits';

/** Wire types of the REST API. Dates are ISO-8601 strings. */
export type Role = 'ADMIN' | 'EDITOR';

export interface UserRef {
  id: number;
  displayName: string;
}

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
}

export interface UserDto extends SessionUser {
  createdAt: string;
  disabledAt: string | null;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface CreateUserRequest {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

export interface UpdateUserRequest {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  password?: string;
}

export interface AuditFields {
  createdAt: string;
  createdBy: UserRef;
  updatedAt: string;
  updatedBy: UserRef;
  deletedAt: string | null;
  deletedBy: UserRef | null;
}

export interface JobTaskDto extends AuditFields {
  id: number;
  title: string;
  /** Sanitized HTML (p, br, strong, em, u, ul, ol, li). */
  text: string;
  payGroup: number | null;
  tags: string[];
  readOnlyForEditors: boolean;
}

export interface CreateJobTaskRequest {
  title: string;
  text?: string;
  tags?: string[];
  payGroup?: number | null;
  readOnlyForEditors?: boolean;
}

export type UpdateJobTaskRequest = Partial<CreateJobTaskRequest>;

export type FrameworkData = Record<FrameworkField, string | null>;

/** One task inside a description, in order, with its share of working time. */
export interface JobDescriptionTaskDto {
  jobTaskId: number;
  order: number;
  percentage: number;
  task: JobTaskDto;
}

export interface JobDescriptionDto extends AuditFields {
  id: number;
  title: string;
  tags: string[];
  readOnlyForEditors: boolean;
  frameworkData: FrameworkData;
  tasks: JobDescriptionTaskDto[];
  taskCount: number;
  /** Σ(payGroup × share)/Σ(share) over tasks with a pay group, 2 decimals; null when none has one. */
  weightedPayGroup: number | null;
}

export interface CreateJobDescriptionRequest {
  title: string;
  tags?: string[];
  readOnlyForEditors?: boolean;
  frameworkData?: Partial<FrameworkData>;
}

export interface UpdateJobDescriptionRequest {
  title?: string;
  tags?: string[];
  readOnlyForEditors?: boolean;
}

export type UpdateFrameworkDataRequest = Partial<FrameworkData>;

export interface SetPercentagesRequest {
  percentages: { jobTaskId: number; percentage: number }[];
}

export interface AddJobDescriptionTaskRequest {
  jobDescriptionId: number;
  jobTaskId: number;
  /** 0-based insert position; appended when omitted. */
  index?: number;
}

export interface MoveJobDescriptionTaskRequest {
  index: number;
}

export interface ListQuery {
  q?: string;
  tags?: string[];
  payGroup?: number;
  readOnlyForEditors?: boolean;
  createdBy?: number;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  includeDeleted?: boolean;
  limit?: number;
  offset?: number;
  /** Continue after the page that answered with this `nextCursor` (keyset paging; not with `offset`). */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  /** Pass as `cursor` for the next page; null when this page is the last. */
  nextCursor: string | null;
}

export interface TitleExistsResponse {
  exists: boolean;
  id: number | null;
  deleted: boolean;
}

export interface UsageResponse {
  /** Number of live (not deleted) descriptions that contain the task. */
  descriptionCount: number;
}

export type LockEntityType = 'JobTask' | 'JobDescription';

/** How a record of each lockable type is named in messages. */
export const RECORD_NAMES: Record<LockEntityType, string> = {
  JobTask: 'job task',
  JobDescription: 'job description',
};

export interface LockDto {
  entityType: LockEntityType;
  entityId: number;
  holder: UserRef;
  clientId: string;
  acquiredAt: string;
  expiresAt: string;
  /** Fencing token: changes whenever the lock is acquired anew or changes hands (docs/product.md § Locks). */
  fence: number;
}

export interface AcquireLockRequest {
  entityType: LockEntityType;
  entityId: number;
  clientId: string;
  takeover?: boolean;
}

export interface LockRefRequest {
  entityType: LockEntityType;
  entityId: number;
  clientId: string;
}

export interface BreakLockRequest {
  entityType: LockEntityType;
  entityId: number;
  reason?: string;
  /** Empty the record's line too (its waiters are told); by default the first waiter gets the offer. */
  clearQueue?: boolean;
}

export interface LockResponse {
  lock: LockDto;
}

export interface LockStatusResponse {
  lock: LockDto | null;
}

export interface PresenceEntry {
  jobDescriptionId: number;
  user: UserRef;
  clientId: string;
}

export interface SetPresenceRequest {
  clientId: string;
  jobDescriptionId: number | null;
}

export interface AppConfigDto {
  lock: {
    durationMs: number;
    refreshIntervalMs: number;
    /** A holder tab without input for this long hands over at once when asked. */
    handoverIdleMs: number;
    /** How long a holder has to answer a handover request. */
    handoverTimeoutMs: number;
    /** How long a freed record stays reserved for the first in its line. */
    offerMs: number;
    /** How long before an idle tab's lock ends it is warned. */
    expiryWarningMs: number;
  };
  sse: { heartbeatIntervalMs: number; reconnectTimeoutMs: number };
  limits: { maxTasksPerDescription: number };
  /** How people sign in here: the password form and/or single sign-on through one provider. */
  signIn: { isLocalLoginEnabled: boolean; sso: { providerName: string } | null };
}

/** Answer of the single sign-on logout: where the browser goes to end the provider's session too. */
export interface SsoLogoutResponse {
  /** The provider's end-session URL, or null when it has none (or the sign-in was a local one). */
  endSessionUrl: string | null;
}

/**
 * Why a single sign-on attempt came back to the login page (`/login?sso=…`); the page turns each
 * into a plain message, the technical detail stays in the server log.
 */
export type SsoFailure = 'cancelled' | 'failed' | 'disabled' | 'conflict' | 'unavailable';

export interface HealthDto {
  status: 'ok' | 'error';
  database: 'up' | 'down';
}
