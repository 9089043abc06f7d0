import { Injectable } from '@nestjs/common';
import type { DomainEnvelope, DomainEventInput } from '@tdgen/contracts';
import { Subject } from 'rxjs';
import { PrismaService, type Tx } from '../prisma/prisma.service';

/** Records an event of the running change; it is written when the change's transaction commits. */
export type RecordEvent = (event: DomainEventInput) => void;

export interface EventTransactionOptions {
  maxWait?: number;
  timeout?: number;
}

/**
 * The event log (docs/product.md § Events, docs/adr/0015-event-log-in-postgresql.md): the one way
 * a change publishes events. `transaction` runs the change and writes its events into the
 * `events` table in the same transaction (an outbox) — an event exists if and only if its change
 * committed. The ids come from `record_events()`, which assigns them under a transaction-level
 * advisory lock as the transaction's last statement, so they become visible in id order; its
 * NOTIFY wakes the EventFeed of every instance, which delivers to the streams.
 */
@Injectable()
export class EventLog {
  /** Every envelope this instance wrote, right after its transaction committed (in-process observers, tests). */
  readonly committed = new Subject<DomainEnvelope>();

  constructor(private readonly prisma: PrismaService) {}

  /**
   * Runs `work` in one transaction; the events it records are appended to the log at the end of
   * that transaction, in the order recorded. Nothing is written when `work` throws.
   */
  async transaction<T>(
    work: (tx: Tx, record: RecordEvent) => Promise<T>,
    options?: EventTransactionOptions,
  ): Promise<T> {
    let written: DomainEnvelope[] = [];
    const result = await this.prisma.$transaction(async (tx) => {
      const pending: DomainEventInput[] = [];
      let isOpen = true;
      const value = await work(tx, (event) => {
        if (!isOpen) throw new Error('An event was recorded after its transaction ended');
        pending.push(event);
      });
      isOpen = false;
      written = await appendEvents(tx, pending);
      return value;
    }, options);
    for (const envelope of written) this.committed.next(envelope);
    return result;
  }

  /** Publishes events that belong to no other change (one statement, its own transaction). */
  async publish(...events: DomainEventInput[]): Promise<DomainEnvelope[]> {
    const written = await appendEvents(this.prisma, events);
    for (const envelope of written) this.committed.next(envelope);
    return written;
  }
}

/** Appends the events through `record_events()` (see the migration) and returns them as sent on the wire. */
async function appendEvents(db: Tx, events: DomainEventInput[]): Promise<DomainEnvelope[]> {
  if (events.length === 0) return [];
  const rows = events.map((e) => ({
    type: e.type,
    data: JSON.stringify(e.data ?? null),
    userId: e.userId,
    clientId: e.clientId,
  }));
  const written = await db.$queryRaw<{ envelope: string }[]>`
    SELECT envelope FROM record_events(${JSON.stringify(rows)}::jsonb)`;
  return written.map((row) => JSON.parse(row.envelope) as DomainEnvelope);
}
