import { Injectable } from '@nestjs/common';
import type { StreamEventMap } from '@tdgen/contracts';
import { PrismaService } from '../prisma/prisma.service';
import { logFrame, type SseFrame } from './sse-frame';

export type ReplayPlan =
  | { kind: 'fresh' }
  /** Send the events with `afterId < id <= throughId` from the log. */
  | { kind: 'replay'; afterId: number; throughId: number }
  | { kind: 'resync'; reason: StreamEventMap['resync']['reason'] };

const PAGE_SIZE = 500;

/**
 * Answers a Last-Event-ID from the event log (docs/product.md § Events): on any instance, also
 * after a restart, every event after it is replayed; `resync` only when the id is older than the
 * retention (the pruner moved past it) or names no event that exists.
 */
@Injectable()
export class EventReplay {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * How a client that last saw `lastEventId` catches up with this instance, whose feed has
   * delivered through `headId` (read when the connection registered: every later event reaches
   * it live).
   */
  async plan(lastEventId: number | null, headId: number): Promise<ReplayPlan> {
    if (lastEventId === null) return { kind: 'fresh' };
    if (Number.isNaN(lastEventId)) return { kind: 'resync', reason: 'unknown-id' };
    const [state] = await this.prisma.$queryRaw<{ pruned_through: string; newest: string | null }[]>`
      SELECT pruned_through::text, (SELECT max(id) FROM events)::text AS newest FROM event_log_state WHERE id = 1`;
    const newest = Math.max(headId, Number(state.newest ?? 0), Number(state.pruned_through));
    if (lastEventId > newest) return { kind: 'resync', reason: 'unknown-id' };
    if (lastEventId < Number(state.pruned_through)) return { kind: 'resync', reason: 'buffer-exceeded' };
    return { kind: 'replay', afterId: lastEventId, throughId: headId };
  }

  /** The frames of the events in (afterId, throughId], oldest first, a page at a time. */
  async *pages(afterId: number, throughId: number): AsyncGenerator<SseFrame[]> {
    let from = afterId;
    while (from < throughId) {
      const rows = await this.prisma.$queryRaw<{ id: string; envelope: string }[]>`
        SELECT e.id::text, e.envelope FROM events e WHERE e.id > ${from} AND e.id <= ${throughId} ORDER BY e.id LIMIT ${PAGE_SIZE}`;
      if (rows.length === 0) return;
      yield rows.map((row) => logFrame(Number(row.id), row.envelope));
      from = Number(rows[rows.length - 1].id);
      if (rows.length < PAGE_SIZE) return;
    }
  }
}
