import type { JobDescriptionDto, JobTaskDto, LockDto, PresenceEntry, UserRef } from './dto';

/**
 * The one typed event map shared by server and client (SPEC §7.3). The server can only
 * broadcast, and the client only handle, the shapes named here.
 */
export interface AssociationEventData {
  jobDescriptionId: number;
  jobTaskId: number;
  /** The description after the change, with its full ordered task list and shares. */
  jobDescription: JobDescriptionDto;
}

export interface LockEventData {
  lock: LockDto;
}

export interface LockEndedEventData {
  lock: LockDto;
  /** Who ended it (break/takeover); null for a release by the holder or the sweeper. */
  by: UserRef | null;
  reason: string | null;
}

/**
 * The `reason` the server sets when it ends a lock itself. A break by an admin carries the
 * admin's free text (or null); a takeover by the holder's own other tab is `takenOver`, with
 * `by` naming that same user.
 */
export const LOCK_REASON = {
  expired: 'expired',
  orphaned: 'orphaned',
  takenOver: 'taken over',
  signedOut: 'signed out',
  recordDeleted: 'record deleted',
} as const;

export interface PresenceEventData {
  jobDescriptionId: number;
  user: UserRef;
  clientId: string;
}

export interface HelloEventData {
  connectionId: string;
  lastEventId: number;
  presence: PresenceEntry[];
  locks: LockDto[];
  serverTime: string;
}

export interface DomainEventMap {
  'job-task:created': JobTaskDto;
  'job-task:updated': JobTaskDto;
  'job-task:deleted': JobTaskDto;
  'job-task:restored': JobTaskDto;
  'job-task:permanent-deleted': { id: number };
  'job-description:created': JobDescriptionDto;
  'job-description:updated': JobDescriptionDto;
  'job-description:deleted': JobDescriptionDto;
  'job-description:restored': JobDescriptionDto;
  'job-description:permanent-deleted': { id: number };
  'job-description-task:created': AssociationEventData;
  'job-description-task:updated': AssociationEventData;
  'job-description-task:deleted': AssociationEventData;
  'job-description-task:reordered': AssociationEventData;
  'job-description-task:percentage-changed': AssociationEventData;
  'lock:acquired': LockEventData;
  'lock:refreshed': LockEventData;
  'lock:released': LockEndedEventData;
  'lock:expired': LockEndedEventData;
  'lock:broken': LockEndedEventData;
  'user:joined-workspace': PresenceEventData;
  'user:left-workspace': PresenceEventData;
}

/** Events that belong to the stream itself rather than to the domain. */
export interface StreamEventMap {
  hello: HelloEventData;
  heartbeat: { serverTime: string };
  resync: { reason: 'buffer-exceeded' | 'server-restarted' | 'unknown-id' };
  'session-expired': Record<string, never>;
  'server-shutdown': { retryAfterMs: number };
}

export type EventMap = DomainEventMap & StreamEventMap;
export type DomainEventType = keyof DomainEventMap;
export type EventType = keyof EventMap;

/** The envelope sent as the SSE `data:` line (SPEC §7.2). */
export interface SseEnvelope<T extends EventType = EventType> {
  /** Global, strictly increasing sequence number; also the SSE `id:` field (0 for stream-only events). */
  id: number;
  type: T;
  data: EventMap[T];
  /** The acting user and tab, so a tab can skip its own echo; null for system events. */
  userId: number | null;
  clientId: string | null;
  timestamp: string;
}

export type AnySseEnvelope = { [K in EventType]: SseEnvelope<K> }[EventType];
export type DomainEnvelope = { [K in DomainEventType]: SseEnvelope<K> }[DomainEventType];

/** What a service hands to EventsService.broadcastEvent. */
export type DomainEventInput = {
  [K in DomainEventType]: { type: K; data: DomainEventMap[K]; userId: number | null; clientId: string | null };
}[DomainEventType];

export const DOMAIN_EVENT_TYPES: readonly DomainEventType[] = [
  'job-task:created',
  'job-task:updated',
  'job-task:deleted',
  'job-task:restored',
  'job-task:permanent-deleted',
  'job-description:created',
  'job-description:updated',
  'job-description:deleted',
  'job-description:restored',
  'job-description:permanent-deleted',
  'job-description-task:created',
  'job-description-task:updated',
  'job-description-task:deleted',
  'job-description-task:reordered',
  'job-description-task:percentage-changed',
  'lock:acquired',
  'lock:refreshed',
  'lock:released',
  'lock:expired',
  'lock:broken',
  'user:joined-workspace',
  'user:left-workspace',
];

/** The routing prefix of an event type ('job-task', 'lock', 'user', ...). */
export function eventPrefix(type: EventType): string {
  const colon = type.indexOf(':');
  return colon === -1 ? type : type.slice(0, colon);
}
