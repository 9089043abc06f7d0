import { RECORD_NAMES, type LockDto, type LockEntityType } from '@tdgen/contracts';
import type { Tx } from '../prisma/prisma.service';

/** A `locks` row joined with its holder's display name, as the raw lock queries return it. */
export interface LockRow {
  entity_type: LockEntityType;
  entity_id: number;
  user_id: number;
  client_id: string;
  acquired_at: Date;
  expires_at: Date;
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
  };
}

/** "job task 7" / "job description 3", for messages. */
export function describeRecord(entityType: LockEntityType, entityId: number): string {
  return `${RECORD_NAMES[entityType]} ${entityId}`;
}

/** The lock one tab of one user holds on a record. */
export interface TabLockRef {
  entityType: LockEntityType;
  entityId: number;
  userId: number;
  clientId: string;
}

/**
 * Deletes the lock only while that tab still holds it (expired or not) and returns the removed
 * row, or undefined: of two racing removers (release, sweep) only one gets the row and emits.
 */
export async function deleteTabLock(db: Tx, ref: TabLockRef): Promise<LockRow | undefined> {
  const [row] = await db.$queryRaw<LockRow[]>`
    WITH deleted AS (
      DELETE FROM locks
      WHERE entity_type = ${ref.entityType}::lock_entity_type AND entity_id = ${ref.entityId}
        AND user_id = ${ref.userId} AND client_id = ${ref.clientId}
      RETURNING *
    )
    SELECT deleted.*, u.display_name FROM deleted JOIN users u ON u.id = deleted.user_id`;
  return row;
}
