import { Injectable } from '@nestjs/common';
import { ApiException } from '../common/api-exception';
import { ConfigService } from '../config/config.service';
import { PrismaService, type Tx } from '../prisma/prisma.service';

/** One browser tab of one user (lock ownership and presence are per tab). */
export interface TabRef {
  userId: number;
  clientId: string;
}

/** An open event stream as the shared table knows it. */
export interface StreamRef extends TabRef {
  connectionId: string;
  sessionId: string | null;
}

/** Namespace of the advisory locks that serialize one user's stream openings (the per-user cap). */
const STREAM_CAP_LOCK = 7412003;

/**
 * Which tabs have a live event stream, on which instance — shared by every instance through the
 * `event_streams` and `browser_tabs` tables (docs/adr/0014-event-log-in-postgresql.md). The lock
 * sweeper's orphan rule, presence and the per-user stream cap read it; InstanceHeartbeat removes
 * the streams of an instance that died without a goodbye.
 */
@Injectable()
export class TabLiveness {
  constructor(
    private readonly prisma: PrismaService,
    private readonly config: ConfigService,
  ) {}

  /**
   * Records an opening stream; 429 when the user already has SSE_MAX_CONNECTIONS_PER_USER open
   * on all instances together (openings of one user are serialized, so two instances cannot both
   * take the last place).
   */
  async open(stream: StreamRef): Promise<void> {
    const max = this.config.get('sse').maxConnectionsPerUser;
    const instanceId = this.config.get('instance').id;
    await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${STREAM_CAP_LOCK}::int, ${stream.userId}::int)`;
      const [{ open }] = await tx.$queryRaw<{ open: number }[]>`
        SELECT count(*)::int AS open FROM event_streams WHERE user_id = ${stream.userId}`;
      if (open >= max) {
        throw new ApiException(
          'TOO_MANY_STREAMS',
          { limit: max },
          `At most ${max} event streams per user; close another tab`,
        );
      }
      await this.lockTab(tx, stream);
      await tx.$executeRaw`
        INSERT INTO event_streams (connection_id, instance_id, user_id, client_id, session_id)
        VALUES (${stream.connectionId}, ${instanceId}, ${stream.userId}, ${stream.clientId}, ${stream.sessionId})`;
      await tx.$executeRaw`UPDATE browser_tabs SET closed_at = NULL WHERE user_id = ${stream.userId} AND client_id = ${stream.clientId}`;
    });
  }

  /** Forgets a closed stream; true when it was the tab's last one on any instance (the tab is gone). */
  async close(stream: StreamRef): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      await this.lockTab(tx, stream);
      await tx.$executeRaw`DELETE FROM event_streams WHERE connection_id = ${stream.connectionId}`;
      const closed = await tx.$executeRaw`
        UPDATE browser_tabs t SET closed_at = now()
        WHERE t.user_id = ${stream.userId} AND t.client_id = ${stream.clientId}
          AND NOT EXISTS (SELECT 1 FROM event_streams s WHERE s.user_id = t.user_id AND s.client_id = t.client_id)`;
      return closed > 0;
    });
  }

  /** Records this instance's open streams again (after other instances took it for dead). */
  async reopenAll(streams: StreamRef[]): Promise<void> {
    const instanceId = this.config.get('instance').id;
    for (const stream of streams) {
      await this.prisma.$transaction(async (tx) => {
        await this.lockTab(tx, stream);
        await tx.$executeRaw`
          INSERT INTO event_streams (connection_id, instance_id, user_id, client_id, session_id)
          VALUES (${stream.connectionId}, ${instanceId}, ${stream.userId}, ${stream.clientId}, ${stream.sessionId})
          ON CONFLICT (connection_id) DO NOTHING`;
        await tx.$executeRaw`UPDATE browser_tabs SET closed_at = NULL WHERE user_id = ${stream.userId} AND client_id = ${stream.clientId}`;
      });
    }
  }

  /**
   * Null while the tab has a stream on some instance; otherwise since when it has had none (ms),
   * or 0 for a tab no instance has seen. (The sweeper applies the same rule in SQL.)
   */
  async idleSince(tab: TabRef): Promise<number | null> {
    const [row] = await this.prisma.$queryRaw<{ is_live: boolean; closed_at: Date | null }[]>`
      SELECT EXISTS (SELECT 1 FROM event_streams s WHERE s.user_id = ${tab.userId} AND s.client_id = ${tab.clientId}) AS is_live,
             (SELECT closed_at FROM browser_tabs t WHERE t.user_id = ${tab.userId} AND t.client_id = ${tab.clientId}) AS closed_at`;
    if (row.is_live) return null;
    return row.closed_at?.getTime() ?? 0;
  }

  /** The tab's row, created when new and locked for the transaction: the tab's changes are serialized. */
  private async lockTab(tx: Tx, tab: TabRef): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO browser_tabs (user_id, client_id, closed_at) VALUES (${tab.userId}, ${tab.clientId}, now())
      ON CONFLICT (user_id, client_id) DO NOTHING`;
    await tx.$queryRaw`SELECT 1 FROM browser_tabs WHERE user_id = ${tab.userId} AND client_id = ${tab.clientId} FOR UPDATE`;
  }
}
