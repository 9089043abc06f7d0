import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { isDatabaseUnavailable } from '../common/database-unavailable';
import { ConfigService } from '../config/config.service';
import { PrismaService } from '../prisma/prisma.service';

const PRUNE_INTERVAL_MS = 60_000;

/**
 * Removes events beyond SSE_EVENT_RETENTION (older than its duration, or beyond its count) and
 * records the highest removed id, below which a Last-Event-ID gets `resync`. The newest event is
 * always kept, so the log knows its head. One statement: safe with any number of instances
 * running it at once (a second run finds nothing more to remove).
 */
@Injectable()
export class EventLogPruner implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(EventLogPruner.name);
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: ConfigService,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.prune()
        .catch((err: unknown) => {
          if (!isDatabaseUnavailable(err)) this.logger.error(`Event log pruning failed: ${(err as Error).message}`);
        })
        .finally(() => (this.running = null));
    }, PRUNE_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Prunes now; returns how many events were removed. */
  async prune(): Promise<number> {
    const { eventRetentionMs, eventRetentionCount } = this.config.get('sse');
    const maxAgeMs = Math.min(eventRetentionMs, 100 * 365 * 86_400_000);
    const [result] = await this.prisma.$queryRaw<{ removed: number }[]>`
      WITH head AS (SELECT max(id) AS id FROM events),
      removed AS (
        DELETE FROM events e USING head
        WHERE e.id < head.id
          AND (e.created_at < now() - ${maxAgeMs}::float8 * interval '1 millisecond'
               OR e.id <= head.id - ${eventRetentionCount}::bigint)
        RETURNING e.id),
      moved AS (
        UPDATE event_log_state SET pruned_through = greatest(pruned_through, (SELECT max(id) FROM removed))
        WHERE id = 1 AND EXISTS (SELECT 1 FROM removed))
      SELECT count(*)::int AS removed FROM removed`;
    return result.removed;
  }
}
