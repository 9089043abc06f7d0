import type { LockDto, LockEntityType, UserRef } from './dto';

/**
 * Negotiable locks (docs/product.md § Locks): asking the holder to hand over, the wait-list of a
 * record and the offer to its first waiter. Shared by the API, its events and the web app.
 */

/** The longest message a requester may add to a handover request. */
export const HANDOVER_MESSAGE_MAX_LENGTH = 500;

/**
 * Header with the fencing tokens of the locks the tab holds, `JobTask:7=42,JobDescription:3=45`.
 * A guarded write naming a record whose lock has another fence is refused (423, code `STALE_LOCK`).
 */
export const LOCK_FENCES_HEADER = 'x-lock-fences';

/** How a handover ended without the lock changing hands. */
export const HANDOVER_DECLINED_REASON = {
  /** The holder chose "Keep editing". */
  declined: 'declined',
  /** The holder was active but did not answer in time. */
  noAnswer: 'no answer',
  /** The requester withdrew the request (or left). */
  withdrawn: 'withdrawn',
  /** The lock ended another way meanwhile (release, expiry, break). */
  lockEnded: 'lock ended',
} as const;
export type HandoverDeclinedReason = (typeof HANDOVER_DECLINED_REASON)[keyof typeof HANDOVER_DECLINED_REASON];

/** Why a lock changed hands. */
export const HANDED_OVER_REASON = {
  accepted: 'accepted',
  /** The holder's tab had no input for LOCK_HANDOVER_IDLE_MS. */
  idle: 'idle',
  /** The holder did not answer within LOCK_HANDOVER_TIMEOUT_MS and had no input meanwhile. */
  timeout: 'timeout',
} as const;
export type HandedOverReason = (typeof HANDED_OVER_REASON)[keyof typeof HANDED_OVER_REASON];

export interface HandoverRequestDto {
  entityType: LockEntityType;
  entityId: number;
  requester: UserRef;
  requesterClientId: string;
  holder: UserRef;
  holderClientId: string;
  message: string | null;
  requestedAt: string;
  /** When the lock passes automatically unless the holder answers (or keeps typing). */
  decideBy: string;
}

export interface LockWaiterDto {
  user: UserRef;
  clientId: string;
  since: string;
}

/** The free record is reserved for this tab until `expiresAt`. */
export interface LockOfferDto {
  entityType: LockEntityType;
  entityId: number;
  user: UserRef;
  clientId: string;
  offeredAt: string;
  expiresAt: string;
}

/** A record's line: who waits, in order, and the open offer (if any). */
export interface LockLineDto {
  entityType: LockEntityType;
  entityId: number;
  waiting: LockWaiterDto[];
  offer: LockOfferDto | null;
}

/** GET /api/locks/negotiations: every open line and handover request (a tab's starting point). */
export interface LockNegotiationsDto {
  lines: LockLineDto[];
  requests: HandoverRequestDto[];
}

export interface HandoverRequestBody {
  entityType: LockEntityType;
  entityId: number;
  clientId: string;
  message?: string;
}

/** Answer of POST /api/locks/handover/request: the open request, or the lock when it passed at once. */
export interface HandoverRequestResponse {
  request: HandoverRequestDto | null;
  lock: LockDto | null;
}

export interface LockLineResponse {
  line: LockLineDto;
}

export interface HandoverRequestedEventData {
  request: HandoverRequestDto;
}

export interface HandoverDeclinedEventData {
  request: HandoverRequestDto;
  reason: HandoverDeclinedReason;
}

export interface HandedOverEventData {
  /** The lock as the requester now holds it (new fence). */
  lock: LockDto;
  previous: LockDto;
  request: HandoverRequestDto;
  reason: HandedOverReason;
}

export interface LockQueueChangedEventData {
  line: LockLineDto;
  /** Set when an administrator cleared the line while breaking the lock. */
  clearedBy?: UserRef;
}

export interface LockOfferedEventData {
  offer: LockOfferDto;
}

/** Formats the fences of the held locks for LOCK_FENCES_HEADER. */
export function formatLockFences(locks: readonly Pick<LockDto, 'entityType' | 'entityId' | 'fence'>[]): string {
  return locks.map((l) => `${l.entityType}:${l.entityId}=${l.fence}`).join(',');
}

/** Parses LOCK_FENCES_HEADER; malformed parts are ignored. */
export function parseLockFences(header: string | undefined): Map<string, number> {
  const fences = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const match = /^\s*(JobTask|JobDescription):(\d{1,10})=(\d{1,18})\s*$/.exec(part);
    if (match) fences.set(`${match[1]}:${Number(match[2])}`, Number(match[3]));
  }
  return fences;
}
