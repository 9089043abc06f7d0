import { Injectable } from '@nestjs/common';
import type { LockEntityType } from '@tdgen/contracts';
import { hasSqlState } from '../common/database-unavailable';
import { isoTime } from '../common/sql-time';
import { stagedEventSql } from '../events/event-log';
import { Prisma } from '../generated/prisma/client';
import { prepared } from '../prisma/prepared-statements';
import { PrismaService, type Tx } from '../prisma/prisma.service';
import type { LockRow } from './lock-rows';

/** The lock one tab of one user holds on a record. */
export interface TabLockRef {
  entityType: LockEntityType;
  entityId: number;
  userId: number;
  clientId: string;
}

/** A lock row as the acquire statement returns it: whether it was inserted rather than updated. */
export type UpsertedLockRow = LockRow & { is_insert: boolean };
/** A lock row as it was before an acquire, with whether it had already expired. */
export type PreviousLockRow = LockRow & { is_expired: boolean };
/** The flags of a record that decide whether it may be locked. */
export interface LockableRecord {
  read_only_for_editors: boolean;
  deleted_at: Date | null;
}

/**
 * Every SQL statement on the `locks` table. Each change is one atomic statement returning the
 * changed rows with their holder's display name, so of two racing writers only one sees a row.
 * The rules (who may do what, which event follows) stay in LocksService and LockSweeper.
 */
@Injectable()
export class LockRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The live (unexpired) locks of some records of one type, in id order; `forShare` makes a concurrent break or takeover wait. */
  findLive(
    entityType: LockEntityType,
    entityIds: readonly number[],
    { forShare = false, db = this.prisma as Tx }: { forShare?: boolean; db?: Tx } = {},
  ): Promise<LockRow[]> {
    if (entityIds.length === 0) return Promise.resolve([]);
    return db.$queryRaw<LockRow[]>(
      prepared(Prisma.sql`
      SELECT ${LOCK_COLUMNS} FROM locks l JOIN users u ON u.id = l.user_id
      WHERE l.entity_type = ${entityType}::lock_entity_type AND l.entity_id = ANY(${[...entityIds]}::int[])
        AND l.expires_at > now()
      ORDER BY l.entity_id
      ${forShare ? Prisma.sql`FOR SHARE OF l` : Prisma.empty}`),
    );
  }

  /** Every live lock, oldest first. */
  listLive(): Promise<LockRow[]> {
    return this.prisma.$queryRaw<LockRow[]>`
      SELECT l.*, u.display_name FROM locks l JOIN users u ON u.id = l.user_id
      WHERE l.expires_at > now()
      ORDER BY l.acquired_at, l.entity_type, l.entity_id`;
  }

  /** Moves the expiry of a live lock of this tab `durationMs` from now; undefined when the tab holds none. */
  async extendTabLock(ref: TabLockRef, durationMs: number, db: Tx = this.prisma): Promise<LockRow | undefined> {
    const [row] = await this.changed(
      Prisma.sql`
      UPDATE locks AS l SET expires_at = now() + ${durationMs}::float8 * interval '1 millisecond'
      WHERE l.entity_type = ${ref.entityType}::lock_entity_type AND l.entity_id = ${ref.entityId}
        AND l.user_id = ${ref.userId} AND l.client_id = ${ref.clientId} AND l.expires_at > now()
      RETURNING l.*`,
      Prisma.empty,
      db,
    );
    return row;
  }

  /** Deletes the record's lock, whoever holds it; undefined when it had none. */
  async deleteRecordLock(
    entityType: LockEntityType,
    entityId: number,
    db: Tx = this.prisma,
  ): Promise<LockRow | undefined> {
    const [row] = await this.changed(
      Prisma.sql`
      DELETE FROM locks AS l WHERE l.entity_type = ${entityType}::lock_entity_type AND l.entity_id = ${entityId}
      RETURNING l.*`,
      Prisma.empty,
      db,
    );
    return row;
  }

  /**
   * Deletes the lock only while that tab still holds it (expired or not) and returns the removed
   * row, or undefined: of two racing removers (release, sweep) only one gets the row and emits.
   */
  async deleteTabLock(ref: TabLockRef, db: Tx = this.prisma): Promise<LockRow | undefined> {
    const [row] = await this.changed(
      Prisma.sql`
      DELETE FROM locks AS l
      WHERE l.entity_type = ${ref.entityType}::lock_entity_type AND l.entity_id = ${ref.entityId}
        AND l.user_id = ${ref.userId} AND l.client_id = ${ref.clientId}
      RETURNING l.*`,
      Prisma.empty,
      db,
    );
    return row;
  }

  /** Deletes every lock of the user, in any tab; oldest first. */
  deleteAllOfUser(userId: number, db: Tx = this.prisma): Promise<LockRow[]> {
    return this.changed(
      Prisma.sql`DELETE FROM locks AS l WHERE l.user_id = ${userId} RETURNING l.*`,
      Prisma.sql`ORDER BY changed.acquired_at`,
      db,
    );
  }

  /** Deletes every expired lock; soonest expired first. */
  deleteExpired(db: Tx = this.prisma): Promise<LockRow[]> {
    return this.changed(
      Prisma.sql`DELETE FROM locks AS l WHERE l.expires_at <= now() RETURNING l.*`,
      Prisma.sql`ORDER BY changed.expires_at`,
      db,
    );
  }

  /**
   * Deletes the locks whose tab has had no event stream on any instance for `graceMs`, counted
   * from the later of the acquisition and the tab's last stream (TabLiveness, docs/product.md § Locks).
   * `asOf` moves the clock forward (tests); oldest first.
   */
  deleteOrphaned(graceMs: number, asOf: Date | null, db: Tx = this.prisma): Promise<LockRow[]> {
    const now = asOf ? Prisma.sql`${asOf.toISOString()}::timestamptz` : Prisma.sql`now()`;
    return this.changed(
      Prisma.sql`
        DELETE FROM locks AS l
        WHERE NOT EXISTS (SELECT 1 FROM event_streams s WHERE s.user_id = l.user_id AND s.client_id = l.client_id)
          AND greatest(l.acquired_at, coalesce((SELECT t.closed_at FROM browser_tabs t
                                                WHERE t.user_id = l.user_id AND t.client_id = l.client_id), l.acquired_at))
              <= ${now} - ${graceMs}::float8 * interval '1 millisecond'
        RETURNING l.*`,
      Prisma.sql`ORDER BY changed.acquired_at, changed.entity_type, changed.entity_id`,
      db,
    );
  }

  /** Deletes the locks of records that no longer exist (permanently deleted meanwhile). */
  deleteOfVanishedRecords(db: Tx = this.prisma): Promise<LockRow[]> {
    return this.changed(
      Prisma.sql`
      DELETE FROM locks l
      WHERE (l.entity_type = 'JobTask' AND NOT EXISTS (SELECT 1 FROM job_tasks r WHERE r.id = l.entity_id))
         OR (l.entity_type = 'JobDescription'
             AND NOT EXISTS (SELECT 1 FROM job_descriptions r WHERE r.id = l.entity_id))
      RETURNING l.*`,
      Prisma.empty,
      db,
    );
  }

  /** The flags of the record to be locked, FOR KEY SHARE: a permanent delete waits until the lock exists. */
  async findLockableRecord(tx: Tx, entityType: LockEntityType, id: number): Promise<LockableRecord | undefined> {
    const [record] =
      entityType === 'JobTask'
        ? await tx.$queryRaw<LockableRecord[]>`
            SELECT read_only_for_editors, deleted_at FROM job_tasks WHERE id = ${id} FOR KEY SHARE`
        : await tx.$queryRaw<LockableRecord[]>`
            SELECT read_only_for_editors, deleted_at FROM job_descriptions WHERE id = ${id} FOR KEY SHARE`;
    return record;
  }

  /** The record's lock as it is before an acquire (expired or not), locked for this transaction. */
  async findForAcquire(tx: Tx, entityType: LockEntityType, entityId: number): Promise<PreviousLockRow | undefined> {
    const [previous] = await tx.$queryRaw<PreviousLockRow[]>`
      SELECT l.*, u.display_name, l.expires_at <= now() AS is_expired
      FROM locks l JOIN users u ON u.id = l.user_id
      WHERE l.entity_type = ${entityType}::lock_entity_type AND l.entity_id = ${entityId}
      FOR UPDATE OF l`;
    return previous;
  }

  /**
   * The one statement that decides, atomically under any concurrency, whether the tab gets the
   * lock: inserted when free, taken when expired or already this tab's (keeping its acquiredAt),
   * or — with `takeover` — when another tab of the same user holds it. Undefined when refused.
   */
  async upsert(
    tx: Tx,
    ref: TabLockRef & { takeover: boolean },
    durationMs: number,
  ): Promise<UpsertedLockRow | undefined> {
    const [row] = await this.changed<UpsertedLockRow>(
      Prisma.sql`
        INSERT INTO locks AS l (entity_type, entity_id, user_id, client_id, acquired_at, expires_at)
        VALUES (${ref.entityType}::lock_entity_type, ${ref.entityId}, ${ref.userId}, ${ref.clientId}, now(),
                now() + ${durationMs}::float8 * interval '1 millisecond')
        ON CONFLICT (entity_type, entity_id) DO UPDATE SET
          user_id = EXCLUDED.user_id,
          client_id = EXCLUDED.client_id,
          acquired_at = CASE
            WHEN l.expires_at > now() AND l.user_id = EXCLUDED.user_id AND l.client_id = EXCLUDED.client_id
            THEN l.acquired_at ELSE EXCLUDED.acquired_at END,
          -- A new fencing token whenever the lock is acquired anew (docs/adr/0016).
          fence = CASE
            WHEN l.expires_at > now() AND l.user_id = EXCLUDED.user_id AND l.client_id = EXCLUDED.client_id
            THEN l.fence ELSE EXCLUDED.fence END,
          last_input_at = now(),
          expires_at = EXCLUDED.expires_at
        WHERE l.expires_at <= now()
           OR (l.user_id = EXCLUDED.user_id AND l.client_id = EXCLUDED.client_id)
           OR (${ref.takeover}::boolean AND l.user_id = EXCLUDED.user_id)
        RETURNING l.*, (l.xmax = 0) AS is_insert`,
      Prisma.empty,
      tx,
    );
    return row;
  }

  /**
   * Hands the lock from the tab that holds it to another tab in one statement (docs/adr/0016):
   * new holder, times and fencing token. Undefined when `from` no longer holds it.
   */
  async transfer(
    tx: Tx,
    from: TabLockRef,
    to: { userId: number; clientId: string },
    durationMs: number,
  ): Promise<LockRow | undefined> {
    const [row] = await this.changed(
      Prisma.sql`
        UPDATE locks AS l SET user_id = ${to.userId}, client_id = ${to.clientId}, acquired_at = now(),
          expires_at = now() + ${durationMs}::float8 * interval '1 millisecond',
          fence = nextval('lock_fence_seq'), last_input_at = now()
        WHERE l.entity_type = ${from.entityType}::lock_entity_type AND l.entity_id = ${from.entityId}
          AND l.user_id = ${from.userId} AND l.client_id = ${from.clientId}
        RETURNING l.*`,
      Prisma.empty,
      tx,
    );
    return row;
  }

  /** Records input in the holder's tab (the handover's idle rule); false when the tab holds no live lock. */
  async touchTabLock(ref: TabLockRef): Promise<boolean> {
    const count = await this.prisma.$executeRaw`
      UPDATE locks SET last_input_at = now()
      WHERE entity_type = ${ref.entityType}::lock_entity_type AND entity_id = ${ref.entityId}
        AND user_id = ${ref.userId} AND client_id = ${ref.clientId} AND expires_at > now()`;
    return count > 0;
  }

  /**
   * The uncontended acquire in one autocommitted statement (docs/adr/0016 § Fast paths): the tab
   * gets the record's lock when the record may be locked by this user, has no wait-list and no
   * handover request, and is free or already this tab's (then only the expiry moves) — and the
   * statement stages its `lock:acquired` / `lock:refreshed` event itself. Undefined in every other
   * case (nothing written): the full acquire in LocksService decides those.
   */
  async acquireUncontended(
    ref: TabLockRef & { isAdmin: boolean },
    durationMs: number,
    batch: string | null,
  ): Promise<UpsertedLockRow | undefined> {
    const table = Prisma.raw(ref.entityType === 'JobTask' ? 'job_tasks' : 'job_descriptions');
    const [row] = await this.prisma.queryDirect<UpsertedLockRow>(
      prepared(Prisma.sql`
      WITH record AS (
        SELECT r.id FROM ${table} r
        WHERE r.id = ${ref.entityId}
          AND (NOT r.read_only_for_editors OR ${ref.isAdmin}::boolean)
          AND (${ref.entityType} <> 'JobDescription' OR r.deleted_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM lock_lines n
                          WHERE n.entity_type = ${ref.entityType}::lock_entity_type AND n.entity_id = r.id)
          AND NOT EXISTS (SELECT 1 FROM lock_handover_requests h
                          WHERE h.entity_type = ${ref.entityType}::lock_entity_type AND h.entity_id = r.id)
        FOR KEY SHARE OF r
      ), changed AS (
        INSERT INTO locks AS l (entity_type, entity_id, user_id, client_id, acquired_at, expires_at)
        SELECT ${ref.entityType}::lock_entity_type, record.id, ${ref.userId}, ${ref.clientId}, now(),
               now() + ${durationMs}::float8 * interval '1 millisecond'
        FROM record
        ON CONFLICT (entity_type, entity_id) DO UPDATE SET
          expires_at = EXCLUDED.expires_at, last_input_at = now()
        WHERE l.user_id = EXCLUDED.user_id AND l.client_id = EXCLUDED.client_id AND l.expires_at > now()
        RETURNING l.*, (l.xmax = 0) AS is_insert
      )
      ${stagingLockEvent(
        Prisma.sql`CASE WHEN result.is_insert THEN 'lock:acquired' ELSE 'lock:refreshed' END`,
        Prisma.sql`json_build_object('lock', result.dto)`,
        ref,
        batch,
      )}
      SELECT ${LOCK_COLUMNS}, is_insert FROM result`),
    );
    return row;
  }

  /**
   * The uncontended release in one autocommitted statement: deletes this tab's lock when the
   * record has no wait-list and no handover request, staging `lock:released`. The row is locked
   * NOWAIT first — a transaction holding it (someone about to join the line or ask for a handover)
   * makes the statement fail with `lock_not_available` instead of deciding on a stale snapshot.
   * Undefined when there was nothing this simple to release (the full release decides).
   */
  async releaseUncontended(ref: TabLockRef, batch: string | null): Promise<LockRow | undefined> {
    const [row] = await this.prisma.queryDirect<LockRow>(
      prepared(Prisma.sql`
      WITH target AS (
        SELECT l.entity_type, l.entity_id FROM locks l
        WHERE l.entity_type = ${ref.entityType}::lock_entity_type AND l.entity_id = ${ref.entityId}
          AND l.user_id = ${ref.userId} AND l.client_id = ${ref.clientId}
          AND NOT EXISTS (SELECT 1 FROM lock_lines n
                          WHERE n.entity_type = l.entity_type AND n.entity_id = l.entity_id)
          AND NOT EXISTS (SELECT 1 FROM lock_handover_requests h
                          WHERE h.entity_type = l.entity_type AND h.entity_id = l.entity_id)
        FOR UPDATE NOWAIT
      ), changed AS (
        DELETE FROM locks l USING target t
        WHERE l.entity_type = t.entity_type AND l.entity_id = t.entity_id
        RETURNING l.*
      )
      ${stagingLockEvent(
        Prisma.sql`'lock:released'`,
        Prisma.sql`json_build_object('lock', result.dto, 'by', NULL, 'reason', NULL)`,
        ref,
        batch,
      )}
      SELECT ${LOCK_COLUMNS} FROM result`),
    );
    return row;
  }

  /** Runs one changing statement (`… RETURNING l.*`) and returns its rows with the holder's display name. */
  private changed<Row extends LockRow = LockRow>(
    change: Prisma.Sql,
    orderBy: Prisma.Sql = Prisma.empty,
    db: Tx = this.prisma,
  ): Promise<Row[]> {
    return db.$queryRaw<Row[]>`
      WITH changed AS (${change})
      SELECT changed.*, u.display_name FROM changed JOIN users u ON u.id = changed.user_id
      ${orderBy}`;
  }
}

/** The columns of a LockRow (unqualified: over `locks` joined with `users`, or a fast path's `result`). */
const LOCK_COLUMNS = Prisma.raw(
  'entity_type, entity_id, user_id, client_id, acquired_at, expires_at, fence, last_input_at, display_name',
);

/**
 * The tail of a fast path (after its `changed` CTE, which returns the lock row): `result` joins the
 * holder and builds the LockDto as `rowToLockDto` does; `staged` stages the tab's lock event with
 * it. `type` and `data` are expressions over `result`.
 */
function stagingLockEvent(type: Prisma.Sql, data: Prisma.Sql, tab: TabLockRef, batch: string | null): Prisma.Sql {
  return Prisma.sql`, result AS (
      SELECT changed.*, u.display_name, json_build_object('entityType', changed.entity_type,
        'entityId', changed.entity_id, 'holder', json_build_object('id', changed.user_id, 'displayName', u.display_name),
        'clientId', changed.client_id, 'acquiredAt', ${Prisma.raw(isoTime('changed.acquired_at'))},
        'expiresAt', ${Prisma.raw(isoTime('changed.expires_at'))}, 'fence', changed.fence) AS dto
      FROM changed JOIN users u ON u.id = changed.user_id
    ), ${stagedEventSql('result', type, data, tab, batch)}`;
}

/** A statement refused with `lock_not_available` (FOR UPDATE NOWAIT met a row another transaction holds). */
export function isLockNotAvailable(err: unknown): boolean {
  return hasSqlState(err, '55P03');
}
