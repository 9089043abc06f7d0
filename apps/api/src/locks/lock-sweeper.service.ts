import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { LOCK_REASON, type LockDto } from '@tdgen/contracts';
import { ConfigService } from '../config/config.service';
import { EventsService } from '../events/events.service';
import { isDatabaseUnavailable } from '../common/database-unavailable';
import { LockRepository } from './lock.repository';
import { rowToLockDto } from './lock-rows';

export interface SweepResult {
  expired: LockDto[];
  orphaned: LockDto[];
  /** Locks of records that were permanently deleted meanwhile. */
  vanished: LockDto[];
}

/**
 * Ends locks nobody is using (docs/product.md § Locks) every LOCK_SWEEP_INTERVAL_MS: expired ones, and
 * orphaned ones — whose holder tab has had no live event stream for LOCK_ORPHAN_GRACE_MS
 * (counted from the later of the lock's acquisition and the tab's last stream) — and locks of
 * records that were permanently deleted meanwhile. Each removed
 * lock emits one `lock:expired`; removal is `DELETE … RETURNING`, so of two concurrent sweepers
 * (or a sweeper and a release) only the one that deleted the row emits.
 */
@Injectable()
export class LockSweeper implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LockSweeper.name);
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly repository: LockRepository,
    private readonly events: EventsService,
    private readonly config: ConfigService,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      if (this.running) return; // a slow sweep is still going; skip this beat
      this.running = this.sweep()
        .catch((err: unknown) =>
          isDatabaseUnavailable(err)
            ? this.logger.warn('Lock sweep skipped: the database is unavailable')
            : this.logger.error(`Lock sweep failed: ${(err as Error).message}`),
        )
        .finally(() => (this.running = null));
    }, this.config.get('lock').sweepIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  async sweep(now = Date.now()): Promise<SweepResult> {
    const expired = (await this.repository.deleteExpired()).map(rowToLockDto);
    for (const lock of expired) this.emitExpired(lock, LOCK_REASON.expired);

    const vanished = (await this.repository.deleteOfVanishedRecords()).map(rowToLockDto);
    for (const lock of vanished) this.emitExpired(lock, LOCK_REASON.recordDeleted);

    const orphaned: LockDto[] = [];
    const graceMs = this.config.get('lock').orphanGraceMs;
    const held = await this.repository.listHeld();
    for (const candidate of held) {
      const idleSince = this.events.tabIdleSince(candidate.user_id, candidate.client_id);
      if (idleSince === null || now - Math.max(idleSince, candidate.acquired_at.getTime()) < graceMs) continue;
      // Same holder still: a lock taken over or re-acquired meanwhile by someone else stays.
      const row = await this.repository.deleteTabLock({
        entityType: candidate.entity_type,
        entityId: candidate.entity_id,
        userId: candidate.user_id,
        clientId: candidate.client_id,
      });
      if (!row) continue;
      const lock = rowToLockDto(row);
      orphaned.push(lock);
      this.emitExpired(lock, LOCK_REASON.orphaned);
    }
    return { expired, orphaned, vanished };
  }

  private emitExpired(lock: LockDto, reason: string): void {
    this.events.broadcastEvent({
      type: 'lock:expired',
      data: { lock, by: null, reason },
      userId: null,
      clientId: null,
    });
  }
}
