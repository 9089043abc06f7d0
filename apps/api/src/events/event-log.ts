import { Injectable } from '@nestjs/common';
import type { DomainEnvelope, DomainEventInput } from '@tdgen/contracts';
import { randomUUID } from 'node:crypto';
import { Subject } from 'rxjs';
import { PrismaService, type Tx } from '../prisma/prisma.service';
import { Prisma } from '../generated/prisma/client';
import { prepared } from '../prisma/prepared-statements';

/** Records an event of the running change; it is written when the change's transaction commits. */
export type RecordEvent = (event: DomainEventInput) => void;

/**
 * For a change whose own statement stages its event in `pending_events` (one round trip less, as
 * the lock fast paths do): the batch to stage it with, and `staged(type)` to say it did. Such
 * events come before the ones recorded with `record`, in the order their statements ran.
 */
export interface EventStaging {
  batch: string | null;
  staged(type: string): void;
}

export interface EventTransactionOptions {
  maxWait?: number;
  timeout?: number;
}

/**
 * The event log (docs/product.md § Events, docs/adr/0015-event-log-in-postgresql.md): the one way
 * a change publishes events. `transaction` runs the change and stages its events in the same
 * transaction (an outbox) — an event exists if and only if its change committed. A deferred
 * trigger appends them to `events` while the transaction commits, taking their ids under an
 * advisory lock held only to the end of that commit, so ids become visible in id order; its
 * NOTIFY wakes the EventFeed of every instance, which delivers to the streams.
 */
@Injectable()
export class EventLog {
  /**
   * Every envelope this instance wrote, right after its transaction committed (in-process
   * observers, tests). Only while someone subscribes are the events read back after the commit.
   */
  readonly committed = new Subject<DomainEnvelope>();

  private readonly commitListeners: ((types: string[]) => void)[] = [];

  constructor(private readonly prisma: PrismaService) {}

  /** Called right after a transaction of this instance committed events, with their types (ChangeClock). */
  onCommitted(listener: (types: string[]) => void): void {
    this.commitListeners.push(listener);
  }

  /**
   * Runs `work` in one transaction; the events it records are appended to the log as that
   * transaction commits, in the order recorded. Nothing is written when `work` throws.
   */
  async transaction<T>(
    work: (tx: Tx, record: RecordEvent, staging: EventStaging) => Promise<T>,
    options?: EventTransactionOptions,
  ): Promise<T> {
    const batch = this.observedBatch();
    let types: string[] = [];
    const result = await this.prisma.$transaction(async (tx) => {
      const pending: DomainEventInput[] = [];
      const stagedTypes: string[] = [];
      let isOpen = true;
      const whileOpen = () => {
        if (!isOpen) throw new Error('An event was recorded after its transaction ended');
      };
      const value = await work(
        tx,
        (event) => {
          whileOpen();
          pending.push(event);
        },
        {
          batch,
          staged: (type) => {
            whileOpen();
            stagedTypes.push(type);
          },
        },
      );
      isOpen = false;
      await stageEvents(tx, pending, batch);
      types = [...stagedTypes, ...pending.map((event) => event.type)];
      return value;
    }, options);
    await this.committedEvents(types, batch);
    return result;
  }

  /** Publishes events that belong to no other change (one statement, its own transaction). */
  async publish(...events: DomainEventInput[]): Promise<DomainEnvelope[]> {
    const batch = randomUUID();
    if (!(await stageEvents(this.prisma, events, batch))) return [];
    return this.committedEvents(
      events.map((event) => event.type),
      batch,
    );
  }

  /**
   * Runs one autocommitted statement that changes data and stages its own events in
   * `pending_events` (with the given `batch`): the single-round-trip fast paths of hot mutations
   * (docs/adr/0016 § Fast paths). `run` returns its result and the types it staged.
   */
  async statement<T>(run: (batch: string | null) => Promise<{ result: T; types: string[] }>): Promise<T> {
    const batch = this.observedBatch();
    const { result, types } = await run(batch);
    await this.committedEvents(types, batch);
    return result;
  }

  /** A batch id to read the events back by, only while someone observes `committed`. */
  private observedBatch(): string | null {
    return this.committed.observed ? randomUUID() : null;
  }

  /** After a commit that wrote events: the listeners learn their types; with `batch` they are read back for `committed`. */
  private async committedEvents(types: string[], batch: string | null): Promise<DomainEnvelope[]> {
    if (types.length === 0) return [];
    for (const listener of this.commitListeners) listener(types);
    return batch ? this.announce(batch) : [];
  }

  /** Reads the committed events of `batch` back, in id order, and hands them to `committed`. */
  private async announce(batch: string): Promise<DomainEnvelope[]> {
    const rows = await this.prisma.$queryRaw<{ envelope: string }[]>`
      SELECT envelope FROM events WHERE batch = ${batch} ORDER BY id`;
    const written = rows.map((row) => JSON.parse(row.envelope) as DomainEnvelope);
    for (const envelope of written) this.committed.next(envelope);
    return written;
  }
}

/**
 * The CTE `staged AS (…)` of a statement that changes data and stages its own event (`statement`,
 * EventStaging): one event per row of `from`, written as `stageEvents` writes one. `type` and
 * `data` are SQL expressions over `from`; `data` is any JSON value, staged as its text.
 */
export function stagedEventSql(
  from: string,
  type: Prisma.Sql,
  data: Prisma.Sql,
  actor: { userId: number; clientId: string },
  batch: string | null,
): Prisma.Sql {
  return Prisma.sql`staged AS (
      INSERT INTO pending_events (batch, events)
      SELECT ${batch}::text, json_build_array(json_build_object('type', ${type}, 'data', (${data})::text,
        'userId', ${actor.userId}::int, 'clientId', ${actor.clientId}::text))::text
      FROM ${Prisma.raw(from)}
    )`;
}

/**
 * Stages the events in `pending_events` (see migration 1796031977657): a deferred trigger appends
 * them to the log at commit. False when there was nothing to stage.
 */
async function stageEvents(db: Tx, events: DomainEventInput[], batch: string | null): Promise<boolean> {
  if (events.length === 0) return false;
  const rows = events.map((e) => ({
    type: e.type,
    data: JSON.stringify(e.data ?? null),
    userId: e.userId,
    clientId: e.clientId,
  }));
  await db.$executeRaw(
    prepared(Prisma.sql`INSERT INTO pending_events (batch, events) VALUES (${batch}, ${JSON.stringify(rows)})`),
  );
  return true;
}
