import { RECORD_NAMES, type LockDto, type LockEntityType } from '@tdgen/contracts';

/** A `locks` row joined with its holder's display name, as the raw lock queries return it. */
export interface LockRow {
  entity_type: LockEntityType;
  entity_id: number;
  user_id: number;
  client_id: string;
  acquired_at: Date;
  expires_at: Date;
  /** bigint in PostgreSQL; the raw client returns a BigInt. */
  fence: bigint | number;
  last_input_at: Date;
  display_name: string;
}

export function rowToLockDto(row: LockRow): LockDto {
  return {
    entityType: row.entity_type,
    entityId: row.entity_id,
    holder: { id: row.user_id, displayName: row.display_name },
    clientId: row.client_id,
    acquiredAt: row.acquired_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    fence: Number(row.fence),
  };
}

/** "job task 7" / "job description 3", for messages. */
export function describeRecord(entityType: LockEntityType, entityId: number): string {
  return `${RECORD_NAMES[entityType]} ${entityId}`;
}

/** A row the transaction has just locked or written, which must therefore exist. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`Expected ${what} to exist inside its transaction`);
  return value;
}
