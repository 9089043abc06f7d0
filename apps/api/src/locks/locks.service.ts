import { Injectable } from '@nestjs/common';
import type {
  AcquireLockRequest,
  DomainEventInput,
  CatalogueRecordRef,
  LockDto,
  LockEntityType,
  LockRefRequest,
  SessionUser,
} from '@tdgen/contracts';
import { LOCK_REASON, lockKey, type LockOfferDto } from '@tdgen/contracts';
import { ConfigService } from '../config/config.service';
import { EventLog, type RecordEvent } from '../events/event-log';
import { PrismaService, type Tx } from '../prisma/prisma.service';
import { ApiException } from '../common/api-exception';
import { locked, lockOffered, lockRequired, staleLock } from './lock-errors';
import { currentLockFences } from './lock-fences';
import { LockLines } from './lock-lines';
import { isLockNotAvailable, LockRepository } from './lock.repository';
import { describeRecord, present, rowToLockDto, type LockRow } from './lock-rows';

/** Interactive transactions may queue behind many concurrent acquirers; Prisma's 2 s default is too tight. */
const TX_OPTIONS = { maxWait: 20_000, timeout: 20_000 };
const MAX_ACQUIRE_ATTEMPTS = 3;

/** A concurrent acquirer changed the row between our two statements; the transaction is retried. */
class AcquireRaceError extends Error {}

/**
 * Pessimistic locks, one per record, owned by one user in one browser tab (docs/product.md § Locks). Every
 * change is a single atomic statement, run through the event log with its lock event.
 */
@Injectable()
export class LocksService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly log: EventLog,
    private readonly config: ConfigService,
    private readonly repository: LockRepository,
    private readonly lines: LockLines,
  ) {}

  /**
   * 200 with the lock when the record is free, expired, or already held by this tab (re-entrant:
   * the expiry is extended and `lock:refreshed` published). A lock of the same user in another
   * tab is taken over only with `takeover: true`: that tab gets `lock:broken` with reason
   * "taken over" and `by` = the user. Otherwise 423 naming the holder.
   */
  async acquire(user: SessionUser, request: AcquireLockRequest): Promise<LockDto> {
    // The common case in one statement; anything else (a line, a request, another holder, an error) below.
    const tab = { ...request, userId: user.id, isAdmin: user.role === 'ADMIN' };
    const simple = await this.log.statement(async (batch) => {
      const row = await this.repository.acquireUncontended(tab, this.durationMs(), batch);
      return { result: row, types: row ? [row.is_insert ? 'lock:acquired' : 'lock:refreshed'] : [] };
    });
    if (simple) return rowToLockDto(simple);
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.log.transaction(async (tx, record) => {
          const { lock, events, reserved } = await this.tryAcquire(tx, user, request, record);
          events.forEach(record);
          return { lock, reserved };
        }, TX_OPTIONS);
        // Refused after the commit: the line may have moved on meanwhile (a lapsed offer renewed).
        if (outcome.reserved) throw lockOffered(outcome.reserved);
        return present(outcome.lock, 'the acquired lock');
      } catch (err) {
        if (!(err instanceof AcquireRaceError) || attempt >= MAX_ACQUIRE_ATTEMPTS) throw err;
      }
    }
  }

  /** Holder only. Releasing a record this tab does not hold and nobody else does is a no-op. */
  async release(user: SessionUser, ref: LockRefRequest): Promise<void> {
    // The common case in one statement; a line, a request or a concurrent joiner take the full path.
    const simple = await this.log
      .statement(async (batch) => {
        const row = await this.repository.releaseUncontended({ ...ref, userId: user.id }, batch);
        return { result: row, types: row ? ['lock:released'] : [] };
      })
      .catch((err: unknown) => {
        if (isLockNotAvailable(err)) return undefined;
        throw err;
      });
    if (simple) return;
    const released = await this.log.transaction(async (tx, record) => {
      const row = await this.repository.deleteTabLock({ ...ref, userId: user.id }, tx);
      if (row) {
        const data = { lock: rowToLockDto(row), by: null, reason: null };
        record({ type: 'lock:released', data, userId: user.id, clientId: ref.clientId });
        await this.lines.afterLockEnded(tx, record, ref);
      }
      return row;
    });
    if (released) return;
    const current = await this.findLive(this.prisma, ref.entityType, ref.entityId);
    if (current) throw locked(rowToLockDto(current), current.user_id === user.id);
  }

  /** Holder only: extends a live lock by the lock duration (428 without one, 423 when another holds it). */
  async refresh(user: SessionUser, ref: LockRefRequest): Promise<LockDto> {
    const lock = await this.log.transaction(async (tx, record) => {
      const refreshed = await this.repository.extendTabLock({ ...ref, userId: user.id }, this.durationMs(), tx);
      if (!refreshed) return null;
      const dto = rowToLockDto(refreshed);
      record({ type: 'lock:refreshed', data: { lock: dto }, userId: user.id, clientId: ref.clientId });
      return dto;
    });
    if (!lock) {
      const current = await this.findLive(this.prisma, ref.entityType, ref.entityId);
      if (current) throw locked(rowToLockDto(current), current.user_id === user.id);
      throw lockRequired(ref.entityType, ref.entityId);
    }
    return lock;
  }

  /** Admin: removes whatever lock the record has; the former holder's tab gets `lock:broken` at once. */
  async breakLock(
    admin: SessionUser,
    entityType: LockEntityType,
    entityId: number,
    reason: string | null,
    clearQueue = false,
  ): Promise<LockDto> {
    const lock = await this.log.transaction(async (tx, record) => {
      const broken = await this.repository.deleteRecordLock(entityType, entityId, tx);
      if (!broken) return null;
      const dto = rowToLockDto(broken);
      const by = { id: admin.id, displayName: admin.displayName };
      record({
        type: 'lock:broken',
        data: { lock: dto, by, reason: reason?.trim() || null },
        userId: admin.id,
        clientId: null,
      });
      // The line is told: the first waiter gets the offer, or everyone learns it was cleared.
      await this.lines.afterLockEnded(tx, record, { entityType, entityId }, clearQueue ? by : undefined);
      return dto;
    });
    if (!lock) {
      throw new ApiException(
        'NOT_LOCKED',
        { record: { entityType, id: entityId } },
        `${capitalize(describeRecord(entityType, entityId))} is not locked`,
      );
    }
    return lock;
  }

  /** The live lock of a record, or null. */
  async status(entityType: LockEntityType, entityId: number): Promise<LockDto | null> {
    const row = await this.findLive(this.prisma, entityType, entityId);
    return row ? rowToLockDto(row) : null;
  }

  /** Every live lock, oldest first (admin console, hello snapshot). */
  async listActive(): Promise<LockDto[]> {
    return (await this.repository.listLive()).map(rowToLockDto);
  }

  /**
   * Inside a mutation's transaction: the caller's tab must hold a live lock on the record, else
   * 428 (no lock) or 423 (someone else's). The row is read FOR SHARE so a concurrent break or
   * takeover waits for this transaction; a write from a tab that lost its lock is refused.
   */
  async assertHeld(
    tx: Tx,
    entityType: LockEntityType,
    entityId: number,
    userId: number,
    clientId: string,
  ): Promise<void> {
    const lock = await this.findLive(tx, entityType, entityId, true);
    if (!lock) throw lockRequired(entityType, entityId);
    if (lock.user_id !== userId || lock.client_id !== clientId) {
      throw locked(rowToLockDto(lock), lock.user_id === userId);
    }
    // The fencing token the tab believes it holds (docs/adr/0016): a write from before a handover
    // or break that arrives after the tab took the lock again is refused too.
    const fence = currentLockFences().get(lockKey(entityType, entityId));
    if (fence !== undefined && fence !== Number(lock.fence)) throw staleLock(rowToLockDto(lock));
  }

  /** Records input in the holder's tab (the handover's idle rule); 428 / 423 like a refresh. */
  async recordActivity(user: SessionUser, ref: LockRefRequest): Promise<void> {
    if (await this.repository.touchTabLock({ ...ref, userId: user.id })) return;
    const current = await this.findLive(this.prisma, ref.entityType, ref.entityId);
    if (current) throw locked(rowToLockDto(current), current.user_id === user.id);
    throw lockRequired(ref.entityType, ref.entityId);
  }

  /**
   * Inside a transaction: refuses (423, naming the first such lock) when a live lock of another
   * user or tab guards the record — or any of the records, checked in one query. `requested` is
   * the record the request is about when the guarded ones are others (the error names both).
   */
  async assertNotHeldByOther(
    tx: Tx,
    entityType: LockEntityType,
    entityIds: number | readonly number[],
    userId: number,
    clientId: string | null,
    requested?: CatalogueRecordRef,
  ): Promise<void> {
    const ids = typeof entityIds === 'number' ? [entityIds] : entityIds;
    const locks = await this.repository.findLive(entityType, ids, { forShare: true, db: tx });
    const other = locks.find((lock) => lock.user_id !== userId || lock.client_id !== clientId);
    if (other) throw locked(rowToLockDto(other), other.user_id === userId, requested);
  }

  /** Releases every lock the user holds, in any tab (logout). */
  async releaseAllOfUser(userId: number): Promise<void> {
    await this.log.transaction(async (tx, record) => {
      for (const row of await this.repository.deleteAllOfUser(userId, tx)) {
        const data = { lock: rowToLockDto(row), by: null, reason: LOCK_REASON.signedOut };
        record({ type: 'lock:released', data, userId, clientId: row.client_id });
        await this.lines.afterLockEnded(tx, record, { entityType: row.entity_type, entityId: row.entity_id });
      }
      await this.lines.forgetUser(tx, record, userId);
    });
  }

  private async tryAcquire(
    tx: Tx,
    user: SessionUser,
    { entityType, entityId, clientId, takeover }: AcquireLockRequest,
    record: RecordEvent,
  ): Promise<{ lock: LockDto | null; events: DomainEventInput[]; reserved?: LockOfferDto }> {
    await this.assertLockable(tx, user, entityType, entityId);
    // Who held it before, locked for this transaction: tells which event the change is.
    const previous = await this.repository.findForAcquire(tx, entityType, entityId);
    const isSameTab = previous?.user_id === user.id && previous.client_id === clientId;
    if (!previous || previous.is_expired) {
      // A free record with a line belongs to the line (docs/product.md § Locks).
      const ref = { entityType, entityId };
      if (previous && !isSameTab) {
        const ended = { lock: rowToLockDto(previous), by: null, reason: LOCK_REASON.expired };
        record({ type: 'lock:expired', data: ended, userId: null, clientId: null });
        await this.lines.endRequest(tx, record, ref);
        await this.repository.deleteTabLock({ ...ref, userId: previous.user_id, clientId: previous.client_id }, tx);
        return this.tryAcquireFree(tx, user, { entityType, entityId, clientId }, record);
      }
      const verdict = await this.lines.claimFreeRecord(tx, record, ref, user.id);
      if (!verdict.isGranted) return { lock: null, events: [], reserved: verdict.offer };
    }
    const ref = { entityType, entityId, userId: user.id, clientId, takeover: takeover === true };
    const row = await this.repository.upsert(tx, ref, this.durationMs());
    if (!row) {
      const holder = previous ?? (await this.findLive(tx, entityType, entityId));
      if (!holder) throw new AcquireRaceError();
      throw locked(rowToLockDto(holder), holder.user_id === user.id);
    }
    // Another transaction inserted the row after our first read: start over to learn whose it was.
    if (!previous && !row.is_insert) throw new AcquireRaceError();
    const lock = rowToLockDto(row);
    const actor = { userId: user.id, clientId };
    const acquired: DomainEventInput = { type: 'lock:acquired', data: { lock }, ...actor };
    if (!previous || previous.is_expired) return { lock, events: [acquired] };
    if (isSameTab) return { lock, events: [{ type: 'lock:refreshed', data: { lock }, ...actor }] };
    const takenOver = {
      lock: rowToLockDto(previous),
      by: { id: user.id, displayName: user.displayName },
      reason: LOCK_REASON.takenOver,
    };
    return { lock, events: [{ type: 'lock:broken', data: takenOver, ...actor }, acquired] };
  }

  /** The record is free now (its expired lock just removed): the line decides, then the tab inserts its lock. */
  private async tryAcquireFree(
    tx: Tx,
    user: SessionUser,
    ref: LockRefRequest,
    record: RecordEvent,
  ): Promise<{ lock: LockDto | null; events: DomainEventInput[]; reserved?: LockOfferDto }> {
    const verdict = await this.lines.claimFreeRecord(tx, record, ref, user.id);
    if (!verdict.isGranted) return { lock: null, events: [], reserved: verdict.offer };
    const row = await this.repository.upsert(tx, { ...ref, userId: user.id, takeover: false }, this.durationMs());
    if (!row) throw new AcquireRaceError();
    const lock = rowToLockDto(row);
    return { lock, events: [{ type: 'lock:acquired', data: { lock }, userId: user.id, clientId: ref.clientId }] };
  }

  /** 404 unknown record, 409 deleted description (it cannot be opened), 403 read-only for an editor. */
  async assertLockable(tx: Tx, user: SessionUser, entityType: LockEntityType, id: number): Promise<void> {
    const record = await this.repository.findLockableRecord(tx, entityType, id);
    const what = capitalize(describeRecord(entityType, id));
    const ref = { record: { entityType, id } };
    if (!record) throw new ApiException('NOT_FOUND', { records: [ref.record] }, `${what} does not exist`);
    if (entityType === 'JobDescription' && record.deleted_at) {
      throw new ApiException('RECORD_DELETED', ref, `${what} is deleted; restore it before editing`);
    }
    if (record.read_only_for_editors && user.role !== 'ADMIN') {
      throw new ApiException('RECORD_READ_ONLY', ref, `${what} is read-only for editors`);
    }
  }

  /** The live (unexpired) lock of a record; `forShare` keeps it from changing until the transaction ends. */
  private async findLive(
    db: Tx,
    entityType: LockEntityType,
    entityId: number,
    forShare = false,
  ): Promise<LockRow | null> {
    return (await this.repository.findLive(entityType, [entityId], { forShare, db }))[0] ?? null;
  }

  private durationMs(): number {
    return this.config.get('lock').durationMs;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
