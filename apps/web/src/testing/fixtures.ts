import { ERROR_STATUS } from '@tdgen/contracts';
import type {
  ApiErrorOf,
  AuditFields,
  ErrorCode,
  ErrorParams,
  EventMap,
  EventType,
  JobDescriptionDto,
  JobTaskDto,
  LockDto,
  SessionUser,
  SseEnvelope,
  UserRef,
} from '@tdgen/contracts';

export const ALICE: UserRef = { id: 2, displayName: 'Alice Example' };
export const BOB: UserRef = { id: 3, displayName: 'Bob Example' };
export const ADMIN_USER: SessionUser = { id: 1, username: 'admin', displayName: 'Ada Admin', role: 'ADMIN' };
export const EDITOR_USER: SessionUser = { id: 2, username: 'alice', displayName: 'Alice Example', role: 'EDITOR' };

/** The audit fields of a record Alice created and nobody changed or deleted since. */
const CREATED_BY_ALICE: AuditFields = {
  createdAt: '2025-01-01T10:00:00.000Z',
  createdBy: ALICE,
  updatedAt: '2025-01-01T10:00:00.000Z',
  updatedBy: ALICE,
  deletedAt: null,
  deletedBy: null,
};

export function task(id: number, overrides: Partial<JobTaskDto> = {}): JobTaskDto {
  return {
    id,
    title: `Task ${id}`,
    text: `<p>Text of task ${id}</p>`,
    payGroup: null,
    tags: [],
    readOnlyForEditors: false,
    ...CREATED_BY_ALICE,
    ...overrides,
  };
}

export function description(
  id: number,
  tasks: { task: JobTaskDto; percentage: number }[] = [],
  overrides: Partial<JobDescriptionDto> = {},
): JobDescriptionDto {
  return {
    id,
    title: `Description ${id}`,
    tags: [],
    readOnlyForEditors: false,
    frameworkData: {
      taskSummary: null,
      reportsTo: null,
      directReports: null,
      deputyFor: null,
      deputizedBy: null,
      authorities: null,
      education: null,
      otherSkills: null,
    },
    tasks: tasks.map((t, order) => ({ jobTaskId: t.task.id, order, percentage: t.percentage, task: t.task })),
    taskCount: tasks.length,
    weightedPayGroup: null,
    ...CREATED_BY_ALICE,
    ...overrides,
  };
}

export function lock(
  entityType: LockDto['entityType'],
  entityId: number,
  clientId: string,
  holder: UserRef = ALICE,
  overrides: Partial<LockDto> = {},
): LockDto {
  return {
    entityType,
    entityId,
    holder,
    clientId,
    acquiredAt: '2025-01-01T10:00:00.000Z',
    expiresAt: '2025-01-01T10:30:00.000Z',
    fence: 1,
    ...overrides,
  };
}

export function envelope<T extends EventType>(
  id: number,
  type: T,
  data: EventMap[T],
  clientId: string | null = 'other-tab',
  userId: number | null = BOB.id,
): SseEnvelope<T> {
  return { id, type, data, userId, clientId, timestamp: '2025-01-01T10:00:00.000Z' };
}

/** An error body as the API sends it (docs/product.md § Errors); `message` is words the web app must not show. */
export function apiError<C extends ErrorCode>(
  code: C,
  params: ErrorParams[C],
  message = 'English for logs',
): ApiErrorOf<C> {
  return { statusCode: ERROR_STATUS[code], error: 'x', code, message, ...params } as unknown as ApiErrorOf<C>;
}

/** The 423 of a lock held elsewhere; `record` is the record asked for (by default the locked one). */
export function lockedError(
  held: LockDto,
  heldBySelfElsewhere = false,
  record: ErrorParams['LOCKED']['record'] = { entityType: held.entityType, id: held.entityId },
): ApiErrorOf<'LOCKED'> {
  return apiError('LOCKED', { lock: held, heldBySelfElsewhere, record });
}
