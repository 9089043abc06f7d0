import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { LOCK_REASON, type LockDto } from '@tdgen/contracts';
import { ConfigService } from '../config/config.service';
import { EventLog, type RecordEvent } from '../events/event-log';
import { isDatabaseUnavailable } from '../common/database-unavailable';
import type { Tx } from '../prisma/prisma.service';
import { LockLines } from './lock-lines';
import { LockRepository } from './lock.repository';
import { rowToLockDto, type LockRow } from './lock-rows';

export interface SweepResult {
  expired: LockDto[];
  orphaned: LockDto[];
  /** Locks of records that were permanently deleted meanwhile. */
  vanished: LockDto[];
}

/**
 * Ends locks nobody is using (docs/product.md § Locks) every LOCK_SWEEP_INTERVAL_MS: expired ones, and
 * orphaned ones — whose holder tab has had no live event stream on any instance for
 * LOCK_ORPHAN_GRACE_MS (counted from the later of the lock's acquisition and the tab's last
 * stream, TabLiveness) — and locks of records that were permanently deleted meanwhile. Each
 * removed lock emits one `lock:expired`; removal is `DELETE … RETURNING` in the transaction that
 * records the event, so of several sweepers on several instances (or a sweeper and a release)
 * only the one that deleted the row emits.
 */
@Injectable()
export class LockSweeper implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LockSweeper.name);
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly repository: LockRepository,
    private readonly log: EventLog,
    private readonly config: ConfigService,
    private readonly lines: LockLines,
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

  /** One sweep; `asOf` (tests) judges orphans as if it were that time. */
  async sweep(asOf?: number): Promise<SweepResult> {
    const expired = await this.removeEach((tx) => this.repository.deleteExpired(tx), LOCK_REASON.expired);
    const vanished = await this.removeEach(
      (tx) => this.repository.deleteOfVanishedRecords(tx),
      LOCK_REASON.recordDeleted,
    );
    const graceMs = this.config.get('lock').orphanGraceMs;
    const asOfDate = asOf === undefined ? null : new Date(asOf);
    const orphaned = await this.removeEach(
      (tx) => this.repository.deleteOrphaned(graceMs, asOfDate, tx),
      LOCK_REASON.orphaned,
    );
    return { expired, orphaned, vanished };
  }

  /** Runs one removing statement and records a `lock:expired` for each removed lock, in one transaction. */
  private removeEach(remove: (tx: Tx) => Promise<LockRow[]>, reason: string): Promise<LockDto[]> {
    return this.log.transaction(async (tx, record: RecordEvent) => {
      const locks = (await remove(tx)).map(rowToLockDto);
      for (const lock of locks) {
        record({ type: 'lock:expired', data: { lock, by: null, reason }, userId: null, clientId: null });
      }
      // Each line learns in the same transaction: its first waiter gets the offer (docs/adr/0016).
      for (const lock of locks) {
        // A deleted record's line is dropped by the negotiation sweep; nothing is offered.
        if (reason === LOCK_REASON.recordDeleted) await this.lines.endRequest(tx, record, lock);
        else await this.lines.afterLockEnded(tx, record, lock);
      }
      return locks;
    });
  }
}
