import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { isDatabaseUnavailable } from '../common/database-unavailable';
import { ConfigService } from '../config/config.service';
import { PrismaService } from '../prisma/prisma.service';
import { EventLog } from './event-log';
import { PresenceService } from './presence.service';
import { TabLiveness, type StreamRef, type TabRef } from './tab-liveness';

/** How long a shutdown waits for this instance's queued stream closes. */
const SHUTDOWN_FLUSH_MS = 2_500;

/**
 * This instance's row in `api_instances` (docs/adr/0015-event-log-in-postgresql.md): written at
 * start, beaten every INSTANCE_HEARTBEAT_INTERVAL_MS, removed at shutdown. Each beat also reaps
 * instances silent for INSTANCE_DEAD_AFTER_MS — killed, frozen, cut off: their streams are
 * removed, their tabs count as closed since their last heartbeat and leave presence. The reap is
 * `DELETE … RETURNING` in the transaction that records the leave events, so however many
 * instances notice, it happens once. (Their orphaned locks follow through the lock sweeper.)
 */
@Injectable()
export class InstanceHeartbeat implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(InstanceHeartbeat.name);
  private timer: ReturnType<typeof setInterval> | null = null;
  private beating: Promise<unknown> | null = null;
  /** The open streams of this instance, to record again if others took it for dead. */
  private localStreams: () => StreamRef[] = () => [];

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: ConfigService,
    private readonly log: EventLog,
    private readonly liveness: TabLiveness,
    private readonly presence: PresenceService,
  ) {}

  /** Where the heartbeat finds this instance's open streams (the StreamHub). */
  trackStreams(list: () => StreamRef[]): void {
    this.localStreams = list;
  }

  async onModuleInit(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      if (this.beating) return;
      this.beating = this.beat()
        .then(() => this.reapDeadInstances())
        .catch((err: unknown) =>
          isDatabaseUnavailable(err)
            ? this.logger.warn('Instance heartbeat skipped: the database is unavailable')
            : this.logger.error(`Instance heartbeat failed: ${(err as Error).message}`),
        )
        .finally(() => (this.beating = null));
    }, this.config.get('instance').heartbeatIntervalMs);
    this.timer.unref();
  }

  /**
   * The first shutdown hook (before StreamHub ends the streams): the instance leaves the table, and
   * its streams with it — their tabs count as gone since now (a graceful shutdown does not make
   * them leave presence: they reconnect elsewhere). Closes still queued are written first, so the
   * tabs of clients that left before the shutdown do leave presence.
   */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.beating;
    await this.liveness.flush(SHUTDOWN_FLUSH_MS);
    const id = this.config.get('instance').id;
    await this.prisma.$executeRaw`
      WITH gone AS (DELETE FROM event_streams WHERE instance_id = ${id} RETURNING user_id, client_id)
      UPDATE browser_tabs t SET closed_at = now() FROM gone
      WHERE t.user_id = gone.user_id AND t.client_id = gone.client_id AND t.closed_at IS NULL`.catch(() => undefined);
    await this.prisma.$executeRaw`DELETE FROM api_instances WHERE id = ${id}`.catch(() => undefined);
  }

  /** Marks this instance alive; when its row had been reaped meanwhile, records its streams again. */
  async beat(): Promise<void> {
    const id = this.config.get('instance').id;
    const [row] = await this.prisma.$queryRaw<{ is_new: boolean }[]>`
      INSERT INTO api_instances AS i (id) VALUES (${id})
      ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()
      RETURNING (i.xmax = 0) AS is_new`;
    const streams = this.localStreams();
    if (row.is_new && streams.length > 0) {
      this.logger.warn(`This instance (${id}) had been taken for dead; recording its ${streams.length} streams again`);
      await this.liveness.reopenAll(streams);
    }
  }

  /** Reaps every instance silent for longer than INSTANCE_DEAD_AFTER_MS; returns their ids. */
  async reapDeadInstances(): Promise<string[]> {
    const { id: self, deadAfterMs } = this.config.get('instance');
    return this.log.transaction(async (tx, record) => {
      const dead = await tx.$queryRaw<{ id: string }[]>`
        DELETE FROM api_instances
        WHERE id IN (SELECT id FROM api_instances
                     WHERE heartbeat_at < now() - ${deadAfterMs}::float8 * interval '1 millisecond' AND id <> ${self}
                     ORDER BY id FOR UPDATE SKIP LOCKED)
        RETURNING id`;
      const ids = dead.map((d) => d.id);
      // Streams whose instance row is gone: of the dead ones, and of any that was reaped earlier.
      const tabs = await tx.$queryRaw<(TabRef & { last_seen: Date })[]>`
        SELECT s.user_id AS "userId", s.client_id AS "clientId", max(coalesce(i.heartbeat_at, s.opened_at)) AS last_seen
        FROM event_streams s LEFT JOIN api_instances i ON i.id = s.instance_id
        WHERE i.id IS NULL OR i.id = ANY(${ids}::text[])
        GROUP BY s.user_id, s.client_id
        ORDER BY 1, 2`;
      if (tabs.length === 0) return ids;
      // Lock the tabs first (the order TabLiveness uses), then remove the streams.
      await tx.$queryRaw`
        SELECT 1 FROM browser_tabs t
        JOIN unnest(${tabs.map((t) => t.userId)}::int[], ${tabs.map((t) => t.clientId)}::text[]) AS x(user_id, client_id)
          ON t.user_id = x.user_id AND t.client_id = x.client_id
        ORDER BY t.user_id, t.client_id FOR UPDATE OF t`;
      await tx.$executeRaw`
        DELETE FROM event_streams s
        WHERE NOT EXISTS (SELECT 1 FROM api_instances i WHERE i.id = s.instance_id)`;
      // A tab of a dead instance has been gone since that instance's last heartbeat.
      await tx.$executeRaw`
        UPDATE browser_tabs t SET closed_at = coalesce(t.closed_at, x.last_seen::timestamptz)
        FROM unnest(${tabs.map((t) => t.userId)}::int[], ${tabs.map((t) => t.clientId)}::text[],
                    ${tabs.map((t) => t.last_seen.toISOString())}::text[]) AS x(user_id, client_id, last_seen)
        WHERE t.user_id = x.user_id AND t.client_id = x.client_id
          AND NOT EXISTS (SELECT 1 FROM event_streams s WHERE s.user_id = t.user_id AND s.client_id = t.client_id)`;
      await this.presence.leaveTabsWithoutStream(tx, record, tabs);
      if (ids.length > 0) this.logger.warn(`Reaped API instance(s) without heartbeat: ${ids.join(', ')}`);
      return ids;
    });
  }
}
