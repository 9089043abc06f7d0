import type { JobDescriptionDto, JobTaskDto, LockDto, PresenceEntry, UserRef } from './dto';
import type {
  HandedOverEventData,
  HandoverDeclinedEventData,
  HandoverRequestedEventData,
  LockOfferedEventData,
  LockQueueChangedEventData,
} from './lock-negotiation';

/**
 * The one typed event map shared by server and client (docs/product.md § Events). The server can only
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
  'lock:handover-requested': HandoverRequestedEventData;
  'lock:handover-declined': HandoverDeclinedEventData;
  'lock:handed-over': HandedOverEventData;
  'lock:queue-changed': LockQueueChangedEventData;
  'lock:offered': LockOfferedEventData;
  'user:joined-workspace': PresenceEventData;
  'user:left-workspace': PresenceEventData;
}

/** Events that belong to the stream itself rather than to the domain. */
export interface StreamEventMap {
  hello: HelloEventData;
  heartbeat: { serverTime: string };
  /** `buffer-exceeded`: the id is older than the event log's retention (SSE_EVENT_RETENTION). */
  resync: { reason: 'buffer-exceeded' | 'unknown-id' };
  'session-expired': Record<string, never>;
  'server-shutdown': { retryAfterMs: number };
}

export type EventMap = DomainEventMap & StreamEventMap;
export type DomainEventType = keyof DomainEventMap;
export type StreamEventType = keyof StreamEventMap;
export type EventType = keyof EventMap;

/** The part of a domain event type before the colon: the stream a client routes it to. */
type FamilyOf<T extends string> = T extends `${infer Family}:${string}` ? Family : never;
export type EventFamily = FamilyOf<DomainEventType>;

/** The envelope sent as the SSE `data:` line (docs/product.md § Events). */
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

/**
 * One envelope per event type, as a union: checking `type` narrows `data` (an `SseEnvelope` of a
 * union of types would pair any type with any payload).
 */
export type EnvelopeOf<T extends EventType> = T extends EventType ? SseEnvelope<T> : never;
export type AnySseEnvelope = EnvelopeOf<EventType>;
export type DomainEnvelope = EnvelopeOf<DomainEventType>;
export type StreamEnvelope = EnvelopeOf<StreamEventType>;
export type FamilyEnvelope<F extends EventFamily> = EnvelopeOf<Extract<DomainEventType, `${F}:${string}`>>;
export type JobTaskEnvelope = FamilyEnvelope<'job-task'>;
export type JobDescriptionEnvelope = FamilyEnvelope<'job-description'>;
export type JobDescriptionTaskEnvelope = FamilyEnvelope<'job-description-task'>;
export type LockEnvelope = FamilyEnvelope<'lock'>;
export type PresenceEnvelope = FamilyEnvelope<'user'>;

/** What a service records with EventLog (in the transaction of its change). */
export type DomainEventInput = {
  [K in DomainEventType]: { type: K; data: DomainEventMap[K]; userId: number | null; clientId: string | null };
}[DomainEventType];

/**
 * The family of every domain event type. The compiler rejects a type missing here, one the map
 * does not name, and a wrong family, so the list below cannot drift from `DomainEventMap`.
 */
const DOMAIN_EVENT_FAMILIES = {
  'job-task:created': 'job-task',
  'job-task:updated': 'job-task',
  'job-task:deleted': 'job-task',
  'job-task:restored': 'job-task',
  'job-task:permanent-deleted': 'job-task',
  'job-description:created': 'job-description',
  'job-description:updated': 'job-description',
  'job-description:deleted': 'job-description',
  'job-description:restored': 'job-description',
  'job-description:permanent-deleted': 'job-description',
  'job-description-task:created': 'job-description-task',
  'job-description-task:updated': 'job-description-task',
  'job-description-task:deleted': 'job-description-task',
  'job-description-task:reordered': 'job-description-task',
  'job-description-task:percentage-changed': 'job-description-task',
  'lock:acquired': 'lock',
  'lock:refreshed': 'lock',
  'lock:released': 'lock',
  'lock:expired': 'lock',
  'lock:broken': 'lock',
  'lock:handover-requested': 'lock',
  'lock:handover-declined': 'lock',
  'lock:handed-over': 'lock',
  'lock:queue-changed': 'lock',
  'lock:offered': 'lock',
  'user:joined-workspace': 'user',
  'user:left-workspace': 'user',
} as const satisfies { [K in DomainEventType]: FamilyOf<K> };

export const DOMAIN_EVENT_TYPES = Object.keys(DOMAIN_EVENT_FAMILIES) as readonly DomainEventType[];

/** Whether a domain envelope belongs to `family`; narrows it to that family's envelopes. */
export function isEventOf<F extends EventFamily>(envelope: DomainEnvelope, family: F): envelope is FamilyEnvelope<F> {
  return DOMAIN_EVENT_FAMILIES[envelope.type] === family;
}
