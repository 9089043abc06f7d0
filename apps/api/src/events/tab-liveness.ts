import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ApiException } from '../common/api-exception';
import { isDatabaseUnavailable } from '../common/database-unavailable';
import { ConfigService } from '../config/config.service';
import { PrismaService } from '../prisma/prisma.service';
import { EventLog } from './event-log';
import { PresenceService } from './presence.service';

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

interface OpenRequest {
  stream: StreamRef;
  max: number;
  resolve: (isOpen: boolean) => void;
  reject: (err: unknown) => void;
}

interface CloseRequest {
  stream: StreamRef;
  leavePresence: boolean;
}

/** Streams recorded (opened or closed) in one statement at most. */
const MAX_BATCH = 500;
/** Backoff of a close batch that failed: from the first to the longest wait. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;
/** How long a shutdown waits for pending records before the pool closes. */
const SHUTDOWN_FLUSH_MS = 5_000;
/** No cap: an instance records its own open streams again (reopenAll). */
const NO_CAP = 2 ** 31 - 1;

/**
 * Which tabs have a live event stream, on which instance — shared by every instance through the
 * `event_streams` and `browser_tabs` tables (docs/adr/0015-event-log-in-postgresql.md). The lock
 * sweeper's orphan rule, presence and the per-user stream cap read it; InstanceHeartbeat removes
 * the streams of an instance that died without a goodbye.
 *
 * The bookkeeping is queued per instance and written in batches (`open_event_streams`,
 * `close_event_streams`), one batch of opens and one of closes at a time: however many streams
 * open or close at once, it holds at most two pool connections, so requests and sweepers keep
 * theirs. An opening waits for its batch (it may be refused); a close is only queued: it is
 * retried with backoff until written — the database may be unavailable — and flushed at shutdown.
 */
@Injectable()
export class TabLiveness implements OnApplicationShutdown {
  private readonly logger = new Logger(TabLiveness.name);
  private readonly opens: OpenRequest[] = [];
  private readonly closes: CloseRequest[] = [];
  /** Openings queued or being written, by connection id: a close of the same stream waits for it. */
  private readonly pendingOpens = new Map<string, Promise<boolean>>();
  private isOpening = false;
  private isClosing = false;
  private closeFailures = 0;
  private isStopped = false;

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: ConfigService,
    private readonly log: EventLog,
    private readonly presence: PresenceService,
  ) {}

  /**
   * Records an opening stream; 429 when the user already has SSE_MAX_CONNECTIONS_PER_USER open
   * on all instances together. One user's openings are serialized in `open_event_streams` (an
   * advisory lock per user), so two instances cannot both take the last place.
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

  /**
   * Forgets a closed stream (call it once its `open` settled). Queued: the batch that writes it
   * also lets the tabs whose last stream on any instance is gone leave presence, unless
   * `leavePresence` is false (a shutdown: the tab reconnects to another instance).
   */
  close(stream: StreamRef, { leavePresence }: { leavePresence: boolean }): void {
    const request = { stream, leavePresence };
    const opening = this.pendingOpens.get(stream.connectionId);
    if (!opening) return this.enqueueClose(request);
    // Never before its own open: a close written first would leave the stream's row behind.
    // (Refused over the cap: nothing was written. Failed: it may have been written after all.)
    void opening.then(
      (isOpen) => isOpen && this.enqueueClose(request),
      () => this.enqueueClose(request),
    );
  }

  /** Records this instance's open streams again (after other instances took it for dead); no cap. */
  async reopenAll(streams: StreamRef[]): Promise<void> {
    await Promise.all(streams.map((stream) => this.record(stream, NO_CAP)));
  }

  /** Waits until every queued open and close is written (true), or `timeoutMs` passed (false). */
  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.hasPending()) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
  }

  /** After StreamHub closed the streams and the HTTP server: their closes are written before the pool closes. */
  async onApplicationShutdown(): Promise<void> {
    const isFlushed = await this.flush(SHUTDOWN_FLUSH_MS);
    this.isStopped = true;
    if (!isFlushed && this.closes.length > 0) {
      this.logger.warn(
        `${this.closes.length} closed streams were not recorded before shutdown; ` +
          'they go when another instance reaps this one (INSTANCE_DEAD_AFTER_MS)',
      );
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

  private hasPending(): boolean {
    return (
      this.isOpening ||
      this.isClosing ||
      this.opens.length > 0 ||
      this.pendingOpens.size > 0 ||
      (this.closes.length > 0 && !this.isStopped)
    );
  }

  /** Queues an opening; true once written, false when the user had `max` streams already. */
  private record(stream: StreamRef, max: number): Promise<boolean> {
    const written = new Promise<boolean>((resolve, reject) => this.opens.push({ stream, max, resolve, reject }));
    const id = stream.connectionId;
    this.pendingOpens.set(id, written);
    const forget = () => {
      if (this.pendingOpens.get(id) === written) this.pendingOpens.delete(id);
    };
    written.then(forget, forget);
    this.writeOpens();
    return written;
  }

  /** Writes the queued openings, a batch at a time (those that came meanwhile form the next). */
  private writeOpens(): void {
    if (this.isOpening || this.opens.length === 0) return;
    this.isOpening = true;
    // One cap per batch: the leading openings that share the first one's.
    const max = this.opens[0].max;
    let n = 1;
    while (n < this.opens.length && n < MAX_BATCH && this.opens[n].max === max) n++;
    const batch = this.opens.splice(0, n);
    const streams = batch.map((r) => r.stream);
    this.prisma.$queryRaw<{ connection_id: string }[]>`
      SELECT c AS connection_id FROM open_event_streams(
        ${streams.map((s) => s.connectionId)}::varchar[], ${this.config.get('instance').id},
        ${streams.map((s) => s.userId)}::int[], ${streams.map((s) => s.clientId)}::varchar[],
        ${streams.map((s) => s.sessionId)}::varchar[], ${max}::int) AS c`
      .then(
        (rows) => {
          const recorded = new Set(rows.map((row) => row.connection_id));
          for (const r of batch) r.resolve(recorded.has(r.stream.connectionId));
        },
        (err: unknown) => {
          for (const r of batch) r.reject(err); // 503 without a database
        },
      )
      .finally(() => {
        this.isOpening = false;
        this.writeOpens();
      });
  }

  private enqueueClose(request: CloseRequest): void {
    this.closes.push(request);
    this.writeCloses();
  }

  /**
   * Writes the queued closes, a batch at a time, with the presence leaves of the tabs they close
   * in the same transaction. A batch that fails goes back to the head of the queue and is tried
   * again after a backoff: a close is never lost, and never overtaken by a later one.
   */
  private writeCloses(): void {
    if (this.isClosing || this.closes.length === 0 || this.isStopped) return;
    this.isClosing = true;
    const batch = this.closes.splice(0, MAX_BATCH);
    this.closeBatch(batch)
      .then(
        () => {
          if (this.closeFailures > 0)
            this.logger.log(`Recorded closed streams again after ${this.closeFailures} failed tries`);
          this.closeFailures = 0;
        },
        async (err: unknown) => {
          this.closes.unshift(...batch);
          this.closeFailures++;
          const waitMs = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (this.closeFailures - 1));
          if (this.closeFailures === 1 || waitMs === RETRY_MAX_MS) {
            const what = `Could not record ${this.closes.length} closed streams yet (retrying in ${waitMs} ms)`;
            if (isDatabaseUnavailable(err)) this.logger.warn(`${what}: the database is unavailable`);
            else this.logger.error(`${what}: ${(err as Error).message}`);
          }
          await new Promise((resolve) => setTimeout(resolve, waitMs).unref());
        },
      )
      .finally(() => {
        this.isClosing = false;
        this.writeCloses();
      });
  }

  private async closeBatch(batch: CloseRequest[]): Promise<void> {
    const streams = batch.map((r) => r.stream);
    const leaving = new Set(batch.filter((r) => r.leavePresence).map((r) => tabKey(r.stream)));
    await this.log.transaction(async (tx, record) => {
      const gone = await tx.$queryRaw<TabRef[]>`
        SELECT user_id AS "userId", client_id AS "clientId" FROM close_event_streams(
          ${streams.map((s) => s.connectionId)}::varchar[], ${streams.map((s) => s.userId)}::int[],
          ${streams.map((s) => s.clientId)}::varchar[])`;
      await this.presence.leaveTabsWithoutStream(
        tx,
        record,
        gone.filter((tab) => leaving.has(tabKey(tab))),
      );
    });
  }
}

function tabKey(tab: TabRef): string {
  return `${tab.userId}:${tab.clientId}`;
}
