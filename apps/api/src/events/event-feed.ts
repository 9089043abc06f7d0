import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { ConfigService } from '../config/config.service';
import { logFrame, type SseFrame } from './sse-frame';

/** The NOTIFY channel the log announces new events on (migration 1796031977657). */
export const EVENTS_CHANNEL = 'tdgen_events';
/** The NOTIFY channel for stream control between instances (ending a user's streams). */
export const CONTROL_CHANNEL = 'tdgen_control';

/** Rows read per query; the reader loops until it has caught up. */
const READ_BATCH = 500;
/** A safety net for a lost notification: the log is read at least this often. */
const POLL_INTERVAL_MS = 2_000;
const RECONNECT_MAX_MS = 10_000;

/**
 * The one listening connection of this instance (docs/adr/0015-event-log-in-postgresql.md). A
 * notification says "there is something new" (and carries small events, see `notified`); the
 * reader reads the log in id order
 * from the last id it delivered — `WHERE id > last ORDER BY id` — until it has caught up. Ids
 * become visible in id order (see EventLog), so nothing is skipped; a notification arriving while
 * a read is in flight marks the feed dirty and causes another read, so nothing stalls. Frames go
 * to the handlers in chunks of bounded size with a turn of the event loop between them, so that
 * sockets drain between chunks and one burst never looks like a slow consumer.
 *
 * The connection runs one query at a time: LISTEN at connect, then only the reader's SELECTs.
 */
@Injectable()
export class EventFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(EventFeed.name);
  private client: pg.Client | null = null;
  private lastId = 0;
  /** The start position (the log's head when this instance first listened) has been read. */
  private hasStartPosition = false;
  private isDirty = false;
  /** A read of the log or a delivery of notified frames is in flight (one at a time). */
  private reading: Promise<void> | null = null;
  /** Frames notified while `reading`, delivered after it (see `notified`). */
  private queued: SseFrame[] = [];
  private isStopped = false;
  private reconnectDelayMs = 250;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private readonly frameHandlers: ((frames: SseFrame[]) => void)[] = [];
  private readonly controlHandlers: ((message: unknown) => void)[] = [];
  private readonly connectedHandlers: (() => void)[] = [];
  private readonly chunkBytes: number;

  constructor(private readonly config: ConfigService) {
    this.chunkBytes = Math.max(16 * 1024, Math.floor(config.get('sse').maxPendingBytes / 4));
  }

  /** Whether the listening connection is up, i.e. this instance hears the other instances' notifications now. */
  get isListening(): boolean {
    return this.client !== null;
  }

  /** The newest id handed to the handlers (at start: the newest id in the log). */
  get lastDeliveredId(): number {
    return this.lastId;
  }

  /** Receives every new event's frame, in id order, each exactly once. */
  onFrames(handler: (frames: SseFrame[]) => void): void {
    this.frameHandlers.push(handler);
  }

  /** Receives every control message (JSON) any instance sent with `sendControl`. */
  onControl(handler: (message: unknown) => void): void {
    this.controlHandlers.push(handler);
  }

  /** Called each time the listening connection is (re)established: notifications may have been missed before. */
  onConnected(handler: () => void): void {
    this.connectedHandlers.push(handler);
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.connect();
    } catch (err) {
      // The database may come later (an outage at boot): keep trying in the background.
      this.logger.warn(`Event feed could not listen yet: ${(err as Error).message}`);
      this.scheduleReconnect();
    }
    this.pollTimer = setInterval(() => this.wake(), POLL_INTERVAL_MS);
    this.pollTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.isStopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.reading;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Reads the log now (also what a notification does). */
  wake(): void {
    this.isDirty = true;
    if (this.reading || !this.client || this.isStopped) return;
    // A wake-up between the loop's last check and the end must not be lost (`settled`).
    this.reading = this.readUntilCaughtUp().finally(() => this.settled());
  }

  /**
   * A transaction committed events. Small ones come with the notification ("<id> <envelope>"
   * lines) and are delivered from it, saving the read — safe, because notifications arrive in
   * commit order, which is id order. While a read or another delivery is in flight they wait in
   * `queued` and follow it (ids at or below the last delivered are dropped): every event committed
   * after a read's snapshot is notified after that read began, so what is queued continues where
   * the read ended, with no gap. A notification that names only an id — or any while a read is
   * pending — makes the feed read the log.
   */
  private notified(payload: string | undefined): void {
    const frames = this.isDirty || !this.client ? null : framesOf(payload);
    if (!frames) {
      this.wake();
      return;
    }
    if (this.reading) {
      this.queued.push(...frames);
      return;
    }
    this.deliverNotified(frames);
  }

  private deliverNotified(frames: SseFrame[]): void {
    this.reading = this.deliver(frames.filter((f) => f.id > this.lastId)).finally(() => this.settled());
  }

  /** A read or delivery ended: read again when woken meanwhile, else deliver what was notified meanwhile. */
  private settled(): void {
    this.reading = null;
    if (!this.client || this.isStopped) return;
    if (this.isDirty) {
      this.wake();
      return;
    }
    if (this.queued.length > 0) {
      const frames = this.queued;
      this.queued = [];
      this.deliverNotified(frames);
    }
  }

  /** Waits until every event committed before the call has been delivered (tests, shutdown). */
  async catchUp(): Promise<void> {
    this.wake();
    while (this.reading) await this.reading;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.get('databaseUrl'), connectionTimeoutMillis: 5_000 });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, null));
    client.on('notification', (message) => {
      if (message.channel === EVENTS_CHANNEL) this.notified(message.payload);
      else if (message.channel === CONTROL_CHANNEL) this.control(message.payload);
    });
    try {
      await client.connect();
    } catch (err) {
      client.removeAllListeners('end');
      throw err;
    }
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    await client.query(`LISTEN ${CONTROL_CHANNEL}`);
    if (!this.hasStartPosition) {
      // Listening first, then reading the head: nothing committed after it goes unnoticed.
      const { rows } = await client.query<{ id: string | null }>('SELECT max(id)::text AS id FROM events');
      this.lastId = Number(rows[0].id ?? 0);
      this.hasStartPosition = true;
    }
    this.client = client;
    this.reconnectDelayMs = 250;
    for (const handler of this.connectedHandlers) handler();
    this.wake(); // what was committed while no one listened
  }

  private lost(client: pg.Client, err: Error | null): void {
    if (this.client !== client || this.isStopped) return;
    this.client = null;
    this.logger.warn(`Event feed connection lost${err ? `: ${err.message}` : ''}; reconnecting`);
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.isStopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch((err: Error) => {
        this.logger.warn(`Event feed reconnect failed: ${err.message}`);
        this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, RECONNECT_MAX_MS);
        this.scheduleReconnect();
      });
    }, this.reconnectDelayMs);
    this.reconnectTimer.unref();
  }

  private async readUntilCaughtUp(): Promise<void> {
    while (this.isDirty && !this.isStopped) {
      this.isDirty = false;
      // This read sees every event notified so far; what is notified from now on is queued after it.
      this.queued = [];
      const client = this.client;
      if (!client) return; // the reconnect wakes the feed again
      let rows: { id: string; envelope: string }[];
      try {
        ({ rows } = await client.query<{ id: string; envelope: string }>(
          'SELECT e.id::text AS id, e.envelope FROM events e WHERE e.id > $1 ORDER BY e.id LIMIT $2',
          [this.lastId, READ_BATCH],
        ));
      } catch (err) {
        this.isDirty = true;
        this.lost(client, err as Error);
        return;
      }
      if (rows.length === READ_BATCH) this.isDirty = true; // more to read
      // Ordered by the bigint column (not its text alias: '10' < '9'); each id once, ascending.
      await this.deliver(rows.map((row) => logFrame(Number(row.id), row.envelope)).filter((f) => f.id > this.lastId));
    }
  }

  private async deliver(frames: SseFrame[]): Promise<void> {
    let start = 0;
    while (start < frames.length) {
      let end = start;
      let bytes = 0;
      while (end < frames.length && (end === start || bytes + frames[end].bytes.length <= this.chunkBytes)) {
        bytes += frames[end].bytes.length;
        end++;
      }
      const chunk = frames.slice(start, end);
      this.lastId = chunk[chunk.length - 1].id;
      for (const handler of this.frameHandlers) {
        try {
          handler(chunk);
        } catch (err) {
          this.logger.error(`Event delivery failed: ${(err as Error).message}`);
        }
      }
      start = end;
      if (start < frames.length) await new Promise((resolve) => setImmediate(resolve));
    }
    if (frames.length > 0) await new Promise((resolve) => setImmediate(resolve));
  }

  private control(payload: string | undefined): void {
    let message: unknown;
    try {
      message = JSON.parse(payload ?? '');
    } catch {
      return;
    }
    for (const handler of this.controlHandlers) handler(message);
  }
}

/** The frames a notification carries ("<id> <envelope>" per line), or null when it names only an id. */
function framesOf(payload: string | undefined): SseFrame[] | null {
  if (!payload || !payload.includes(' ')) return null;
  const frames: SseFrame[] = [];
  for (const line of payload.split('\n')) {
    if (line === '') continue;
    const space = line.indexOf(' ');
    frames.push(logFrame(Number(line.slice(0, space)), line.slice(space + 1)));
  }
  return frames;
}
