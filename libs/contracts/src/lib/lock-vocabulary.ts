import { RECORD_NAMES, type LockEntityType } from './dto';

/** Every lockable record type, derived from RECORD_NAMES so a new type cannot be left out. */
export const LOCK_ENTITY_TYPES = Object.keys(RECORD_NAMES) as LockEntityType[];

/** The longest reason an administrator may give when breaking a lock (shown to the former holder). */
export const BREAK_REASON_MAX_LENGTH = 200;

/** One record's key in lock maps: `JobTask:7`. */
export type LockKey = `${LockEntityType}:${number}`;

export function lockKey(entityType: LockEntityType, entityId: number): LockKey {
  return `${entityType}:${entityId}`;
}
