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
import { LOCK_REASON } from '@tdgen/contracts';
import { ConfigService } from '../config/config.service';
import { EventsService } from '../events/events.service';
import type { LiveLocksSource } from '../events/live-locks-source';
import { PrismaService, type Tx } from '../prisma/prisma.service';
import { ApiException } from '../common/api-exception';
import { locked, lockRequired } from './lock-errors';
import { LockRepository } from './lock.repository';
import { describeRecord, rowToLockDto, type LockRow } from './lock-rows';

/** Interactive transactions may queue behind many concurrent acquirers; Prisma's 2 s default is too tight. */
const TX_OPTIONS = { maxWait: 20_000, timeout: 20_000 };
const MAX_ACQUIRE_ATTEMPTS = 3;

/** A concurrent acquirer changed the row between our two statements; the transaction is retried. */
class AcquireRaceError extends Error {}

/**
 * Pessimistic locks, one per record, owned by one user in one browser tab (docs/product.md § Locks). Every
 * change is a single atomic statement; each publishes its lock event after the commit.
 */
@Injectable()
export class LocksService implements LiveLocksSource {
  constructor(
    private readonly prisma: PrismaService,
    private readonly events: EventsService,
    private readonly config: ConfigService,
    private readonly repository: LockRepository,
  ) {}

  /**
   * 200 with the lock when the record is free, expired, or already held by this tab (re-entrant:
   * the expiry is extended and `lock:refreshed` published). A lock of the same user in another
   * tab is taken over only with `takeover: true`: that tab gets `lock:broken` with reason
   * "taken over" and `by` = the user. Otherwise 423 naming the holder.
   */
  async acquire(user: SessionUser, request: AcquireLockRequest): Promise<LockDto> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { lock, events } = await this.prisma.$transaction((tx) => this.tryAcquire(tx, user, request), TX_OPTIONS);
        for (const event of events) this.events.broadcastEvent(event);
        return lock;
      } catch (err) {
        if (!(err instanceof AcquireRaceError) || attempt >= MAX_ACQUIRE_ATTEMPTS) throw err;
      }
    }
  }

  /** Holder only. Releasing a record this tab does not hold and nobody else does is a no-op. */
  async release(user: SessionUser, ref: LockRefRequest): Promise<void> {
    const released = await this.repository.deleteTabLock({ ...ref, userId: user.id });
    if (released) {
      this.events.broadcastEvent({
        type: 'lock:released',
        data: { lock: rowToLockDto(released), by: null, reason: null },
        userId: user.id,
        clientId: ref.clientId,
      });
      return;
    }
    const current = await this.findLive(this.prisma, ref.entityType, ref.entityId);
    if (current) throw locked(rowToLockDto(current), current.user_id === user.id);
  }

  /** Holder only: extends a live lock by the lock duration (428 without one, 423 when another holds it). */
  async refresh(user: SessionUser, ref: LockRefRequest): Promise<LockDto> {
    const refreshed = await this.repository.extendTabLock({ ...ref, userId: user.id }, this.durationMs());
    if (!refreshed) {
      const current = await this.findLive(this.prisma, ref.entityType, ref.entityId);
      if (current) throw locked(rowToLockDto(current), current.user_id === user.id);
      throw lockRequired(ref.entityType, ref.entityId);
    }
    const lock = rowToLockDto(refreshed);
    this.events.broadcastEvent({ type: 'lock:refreshed', data: { lock }, userId: user.id, clientId: ref.clientId });
    return lock;
  }

  /** Admin: removes whatever lock the record has; the former holder's tab gets `lock:broken` at once. */
  async breakLock(
    admin: SessionUser,
    entityType: LockEntityType,
    entityId: number,
    reason: string | null,
  ): Promise<LockDto> {
    const broken = await this.repository.deleteRecordLock(entityType, entityId);
    if (!broken) {
      throw new ApiException(
        'NOT_LOCKED',
        { record: { entityType, id: entityId } },
        `${capitalize(describeRecord(entityType, entityId))} is not locked`,
      );
    }
    const lock = rowToLockDto(broken);
    this.events.broadcastEvent({
      type: 'lock:broken',
      data: { lock, by: { id: admin.id, displayName: admin.displayName }, reason: reason?.trim() || null },
      userId: admin.id,
      clientId: null,
    });
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
    const released = await this.repository.deleteAllOfUser(userId);
    for (const row of released) {
      this.events.broadcastEvent({
        type: 'lock:released',
        data: { lock: rowToLockDto(row), by: null, reason: LOCK_REASON.signedOut },
        userId,
        clientId: row.client_id,
      });
    }
  }

  private async tryAcquire(
    tx: Tx,
    user: SessionUser,
    { entityType, entityId, clientId, takeover }: AcquireLockRequest,
  ): Promise<{ lock: LockDto; events: DomainEventInput[] }> {
    await this.assertLockable(tx, user, entityType, entityId);
    // Who held it before, locked for this transaction: tells which event the change is.
    const previous = await this.repository.findForAcquire(tx, entityType, entityId);
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
    if (!previous) return { lock, events: [acquired] };
    const isSameTab = previous.user_id === user.id && previous.client_id === clientId;
    if (previous.is_expired) {
      if (isSameTab) return { lock, events: [acquired] };
      const ended = { lock: rowToLockDto(previous), by: null, reason: LOCK_REASON.expired };
      return { lock, events: [{ type: 'lock:expired', data: ended, userId: null, clientId: null }, acquired] };
    }
    if (isSameTab) return { lock, events: [{ type: 'lock:refreshed', data: { lock }, ...actor }] };
    const takenOver = {
      lock: rowToLockDto(previous),
      by: { id: user.id, displayName: user.displayName },
      reason: LOCK_REASON.takenOver,
    };
    return { lock, events: [{ type: 'lock:broken', data: takenOver, ...actor }, acquired] };
  }

  /** 404 unknown record, 409 deleted description (it cannot be opened), 403 read-only for an editor. */
  private async assertLockable(tx: Tx, user: SessionUser, entityType: LockEntityType, id: number): Promise<void> {
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
