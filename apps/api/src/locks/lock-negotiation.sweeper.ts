import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { isDatabaseUnavailable } from '../common/database-unavailable';
import { ConfigService } from '../config/config.service';
import { LockHandoverService } from './lock-handover.service';
import { LockLines } from './lock-lines';

/** At most this many deadlines of one kind are decided per beat; the rest wait for the next. */
const MAX_PER_BEAT = 100;

/**
 * Evaluates the negotiation's deadlines every LOCK_NEGOTIATION_SWEEP_MS (docs/adr/0016): handover
 * requests whose holder is idle or whose answer time is over, offers that ran out, lines of free
 * records without an offer, tabs that left the page. The deadlines are timestamps in PostgreSQL;
 * each decision is one transaction over rows it locked with SKIP LOCKED, so any number of
 * instances sweep side by side without deciding anything twice, and a restart loses nothing.
 */
@Injectable()
export class LockNegotiationSweeper implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LockNegotiationSweeper.name);
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly handover: LockHandoverService,
    private readonly lines: LockLines,
    private readonly config: ConfigService,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep()
        .catch((err: unknown) =>
          isDatabaseUnavailable(err)
            ? this.logger.warn('Lock negotiation sweep skipped: the database is unavailable')
            : this.logger.error(`Lock negotiation sweep failed: ${(err as Error).message}`),
        )
        .finally(() => (this.running = null));
    }, this.config.get('lock').negotiationSweepMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass; returns how many decisions it made (tests). */
  async sweep(): Promise<number> {
    let decided = 0;
    for (let i = 0; i < MAX_PER_BEAT && (await this.handover.decideOneDueRequest()); i++) decided++;
    await this.handover.endOrphanedRequests();
    decided += await this.lines.removeGoneTabs();
    await this.lines.dropLinesOfVanishedRecords();
    for (let i = 0; i < MAX_PER_BEAT && (await this.lines.advanceOneDueLine()); i++) decided++;
    return decided;
  }
}
