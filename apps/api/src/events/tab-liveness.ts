import { Injectable } from '@nestjs/common';
import { ApiException } from '../common/api-exception';
import { ConfigService } from '../config/config.service';
import { PrismaService } from '../prisma/prisma.service';

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

/**
 * Which tabs have a live event stream, on which instance — shared by every instance through the
 * `event_streams` and `browser_tabs` tables (docs/adr/0015-event-log-in-postgresql.md). The lock
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
   * on all instances together. One statement (`open_event_stream`, see the migration): one
   * user's openings are serialized there, so two instances cannot both take the last place.
   */
  async open(stream: StreamRef): Promise<void> {
    const max = this.config.get('sse').maxConnectionsPerUser;
    if (!(await this.record(stream, max))) {
      throw new ApiException(
        'TOO_MANY_STREAMS',
        { limit: max },
        `At most ${max} event streams per user; close another tab`,
      );
    }
  }

  /** Forgets a closed stream; true when it was the tab's last one on any instance (the tab is gone). */
  async close(stream: StreamRef): Promise<boolean> {
    const [row] = await this.prisma.$queryRaw<{ is_tab_gone: boolean }[]>`
      SELECT close_event_stream(${stream.connectionId}, ${stream.userId}::int, ${stream.clientId}) AS is_tab_gone`;
    return row.is_tab_gone;
  }

  /** Records this instance's open streams again (after other instances took it for dead); no cap. */
  async reopenAll(streams: StreamRef[]): Promise<void> {
    for (const stream of streams) await this.record(stream, 2 ** 31 - 1);
  }

  private async record(stream: StreamRef, max: number): Promise<boolean> {
    const [row] = await this.prisma.$queryRaw<{ is_open: boolean }[]>`
      SELECT open_event_stream(${stream.connectionId}, ${this.config.get('instance').id}, ${stream.userId}::int,
                               ${stream.clientId}, ${stream.sessionId}, ${max}::int) AS is_open`;
    return row.is_open;
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
}
