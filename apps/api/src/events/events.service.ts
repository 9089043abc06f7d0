import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { DomainEnvelope, DomainEventInput, LockDto, PresenceEntry } from '@tdgen/contracts';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { Subject } from 'rxjs';
import { ApiException } from '../common/api-exception';
import type { AuthenticatedUser } from '../decorators/authenticated-user';
import { ConfigService } from '../config/config.service';
import { EVENT_TRANSPORT, type EventTransport } from './event-transport';
import { ReplayBuffer } from './replay-buffer';
import { SseConnection, type ClientConnection, type CloseCause } from './sse-connection';
import { domainFrame, jittered, parseEventId, streamFrame, type SseFrame } from './sse-frame';

export interface OpenStreamRequest {
  user: AuthenticatedUser;
  clientId: string;
  /** Last-Event-ID header, else the `lastEventId` query parameter; null for a fresh start. */
  lastEventId: string | null;
  response: ServerResponse;
  /** Loads the hello snapshot; called after the connection is registered, so nothing falls in between. */
  loadSnapshot: () => Promise<{ locks: LockDto[]; presence: PresenceEntry[] }>;
}

export interface TabRef {
  userId: number;
  clientId: string;
}

interface TabState extends TabRef {
  liveStreams: number;
  /** When the last stream of the tab closed; null while one is open. */
  idleSince: number | null;
}

/** How long a shutdown waits for streams to take their `server-shutdown` frame. */
const SHUTDOWN_WAIT_MS = 2_500;

/**
 * Fan-out of domain events to every open event stream (docs/product.md § Events), one RxJS Subject per
 * connection. Services call `broadcastEvent` after their transaction commits, once for every
 * record the change touched: most changes emit one event, a task's permanent delete N+1 (one
 * association event per description it leaves, then its own), a lock acquire up to two (the
 * previous holder's `lock:expired` or `lock:broken`, then `lock:acquired`). Each envelope gets the
 * next global id, is serialized once, kept for replay and pushed to every connection. The service also knows which browser tabs have a live stream, which the
 * lock sweeper (orphans) and presence (leave on disconnect) rely on.
 */
@Injectable()
export class EventsService implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  /** Every envelope, after it was handed to the streams (in-process observers and tests). */
  readonly published = new Subject<DomainEnvelope>();
  /** A tab's last open stream closed (presence leaves the workspace). */
  readonly tabClosed = new Subject<TabRef>();
  /**
   * Ids of this run start above every id of an earlier run (epoch ms × 1000 at boot), so a
   * Last-Event-ID from before a restart is recognisably older and answered with `resync`.
   */
  readonly bootId = Date.now() * 1000;
  private sequence = this.bootId;
  private headId = this.bootId;
  private readonly startedAt = Date.now();
  private readonly connections = new Map<string, SseConnection>();
  private readonly tabs = new Map<string, TabState>();
  private readonly replay: ReplayBuffer;
  private readonly logger = new Logger(EventsService.name);
  private readonly unsubscribe: () => void;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  private isShuttingDown = false;

  constructor(
    private readonly config: ConfigService,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
  ) {
    this.replay = new ReplayBuffer(config.get('sse').replayBuffer, config.get('sse').replayBufferBytes);
    this.unsubscribe = transport.subscribe((envelope) => this.deliver(envelope));
  }

  onModuleInit(): void {
    // One shared timer for every connection (docs/product.md § Events), serialized once per beat.
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.config.get('sse').heartbeatIntervalMs);
    this.heartbeatTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  /** Publishes a domain event to every stream; call after the change's transaction committed. */
  broadcastEvent(input: DomainEventInput): DomainEnvelope {
    const envelope = {
      id: ++this.sequence,
      type: input.type,
      data: input.data,
      userId: input.userId,
      clientId: input.clientId,
      timestamp: new Date().toISOString(),
    } as DomainEnvelope;
    this.transport.publish(envelope);
    return envelope;
  }

  /** The open streams (connection id, user, tab, since, subject), for diagnostics and tests. */
  listConnections(): ClientConnection[] {
    return [...this.connections.values()];
  }

  /** The newest event id published by this run. */
  get lastEventId(): number {
    return this.headId;
  }

  /**
   * Null while the tab has an open stream; otherwise since when it has had none (its last
   * stream's close, or this server's start for a tab never seen) — orphan detection.
   */
  tabIdleSince(userId: number, clientId: string): number | null {
    const tab = this.tabs.get(tabKey(userId, clientId));
    if (!tab) return this.startedAt;
    return tab.liveStreams > 0 ? null : (tab.idleSince ?? this.startedAt);
  }

  /**
   * Opens an event stream on a raw response (docs/product.md § Events, § Presence, § Limits). Throws before anything is
   * written (429, 503) so the exception filter answers with JSON and no stream is opened.
   */
  async openStream(request: OpenStreamRequest): Promise<void> {
    const { user, clientId, response } = request;
    const sse = this.config.get('sse');
    if (this.isShuttingDown)
      throw new ApiException('SHUTTING_DOWN', {}, 'The server is shutting down; reconnect shortly');
    if (this.countStreamsOf(user.id) >= sse.maxConnectionsPerUser) {
      throw new ApiException(
        'TOO_MANY_STREAMS',
        { limit: sse.maxConnectionsPerUser },
        `At most ${sse.maxConnectionsPerUser} event streams per user; close another tab`,
      );
    }
    // Register first, then read the buffer: every later event reaches the connection's queue.
    const connection = new SseConnection(randomUUID(), user.id, clientId, response, {
      maxPendingBytes: sse.maxPendingBytes,
      sessionId: user.sessionId,
      onClosed: (c, cause) => this.unregister(c, cause),
    });
    this.register(connection);
    const plan = this.replay.plan(parseEventId(request.lastEventId), this.bootId, this.headId);
    const helloLastEventId = this.headId;
    let snapshot: Awaited<ReturnType<OpenStreamRequest['loadSnapshot']>>;
    try {
      snapshot = await request.loadSnapshot();
    } catch (err) {
      connection.abort();
      throw err;
    }
    if (connection.isClosed) return;
    const head: SseFrame[] = [
      streamFrame(
        'hello',
        {
          connectionId: connection.connectionId,
          lastEventId: helloLastEventId,
          presence: snapshot.presence,
          locks: snapshot.locks,
          serverTime: new Date().toISOString(),
        },
        jittered(sse.reconnectTimeoutMs, 0.25),
      ),
    ];
    if (plan.kind === 'resync') head.push(streamFrame('resync', { reason: plan.reason }));
    if (plan.kind === 'replay') head.push(...plan.frames);
    const expiresAt = user.sessionExpiresAt || Date.now() + this.config.get('jwtLifetimeSeconds') * 1000;
    connection.start(head, expiresAt, () => endSession(connection));
  }

  /**
   * Ends open streams with `session-expired`, as if their session had run out: all of a user's
   * when an administrator disabled the account (its reconnects would be refused anyway), or only
   * those opened with one sign-in (`sessionId`) on logout — the other tabs of that browser share
   * its cookie and go to the login page, the user's sign-ins in other browsers keep their streams.
   */
  endSessionStreams(userId: number, sessionId?: string): void {
    for (const connection of this.connections.values()) {
      if (connection.userId !== userId) continue;
      if (sessionId === undefined || connection.sessionId === sessionId) endSession(connection);
    }
  }

  /** Tells every stream to reconnect later and closes it (docs/product.md § Events, § Limits), before the HTTP server closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.isShuttingDown = true;
    this.onModuleDestroy();
    const open = [...this.connections.values()];
    const reconnectMs = this.config.get('sse').reconnectTimeoutMs;
    for (const connection of open) {
      connection.end(streamFrame('server-shutdown', { retryAfterMs: jittered(reconnectMs, 0.5) }), 'shutdown');
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all(open.map((c) => c.whenClosed())),
      new Promise((resolve) => (timer = setTimeout(resolve, SHUTDOWN_WAIT_MS))),
    ]);
    clearTimeout(timer);
    this.unsubscribe();
  }

  private deliver(envelope: DomainEnvelope): void {
    const frame = domainFrame(envelope);
    this.headId = Math.max(this.headId, envelope.id);
    this.replay.push(frame);
    for (const connection of this.connections.values()) connection.subject.next(frame);
    this.published.next(envelope);
  }

  private heartbeat(): void {
    if (this.connections.size === 0) return;
    const frame = streamFrame('heartbeat', { serverTime: new Date().toISOString() });
    for (const connection of this.connections.values()) connection.subject.next(frame);
  }

  private countStreamsOf(userId: number): number {
    let count = 0;
    for (const connection of this.connections.values()) if (connection.userId === userId) count++;
    return count;
  }

  private register(connection: SseConnection): void {
    this.connections.set(connection.connectionId, connection);
    const key = tabKey(connection.userId, connection.clientId);
    const tab = this.tabs.get(key) ?? {
      userId: connection.userId,
      clientId: connection.clientId,
      liveStreams: 0,
      idleSince: null,
    };
    tab.liveStreams++;
    tab.idleSince = null;
    this.tabs.set(key, tab);
    this.pruneIdleTabs();
  }

  private unregister(connection: SseConnection, cause: CloseCause): void {
    this.connections.delete(connection.connectionId);
    if (cause === 'evicted') {
      this.logger.warn(`Closed the event stream of user ${connection.userId}: it fell too far behind`);
    }
    const tab = this.tabs.get(tabKey(connection.userId, connection.clientId));
    if (!tab) return;
    tab.liveStreams--;
    if (tab.liveStreams > 0) return;
    tab.idleSince = Date.now();
    this.tabClosed.next({ userId: tab.userId, clientId: tab.clientId });
  }

  /**
   * Forgets tabs idle for longer than the orphan grace: for them `tabIdleSince` answers with
   * this server's start, which is older still, so the answer to "orphaned?" does not change.
   */
  private pruneIdleTabs(): void {
    if (this.tabs.size < 1024) return;
    const cutoff = Date.now() - this.config.get('lock').orphanGraceMs;
    for (const [key, tab] of this.tabs) {
      if (tab.liveStreams === 0 && tab.idleSince !== null && tab.idleSince < cutoff) this.tabs.delete(key);
    }
  }
}

function endSession(connection: SseConnection): void {
  connection.end(streamFrame('session-expired', {}), 'session-expired');
}

function tabKey(userId: number, clientId: string): string {
  return `${userId}\u0000${clientId}`;
}
