import { BeforeApplicationShutdown, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { LockDto, PresenceEntry } from '@tdgen/contracts';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ApiException } from '../common/api-exception';
import type { AuthenticatedUser } from '../decorators/authenticated-user';
import { ConfigService } from '../config/config.service';
import { PrismaService } from '../prisma/prisma.service';
import { CONTROL_CHANNEL, EventFeed } from './event-feed';
import { EventReplay } from './event-replay';
import { InstanceHeartbeat } from './instance-heartbeat';
import { SessionExpiries } from './session-expiries';
import { SseConnection, type ClientConnection, type CloseCause, type SseConnectionOptions } from './sse-connection';
import { jittered, parseEventId, streamFrame, type SseFrame } from './sse-frame';
import { TabLiveness, type StreamRef } from './tab-liveness';

export interface HelloSnapshot {
  locks: LockDto[];
  presence: PresenceEntry[];
}

export interface OpenStreamRequest {
  user: AuthenticatedUser;
  clientId: string;
  /** Last-Event-ID header, else the `lastEventId` query parameter; null for a fresh start. */
  lastEventId: string | null;
  response: ServerResponse;
  /** Loads the hello snapshot; called after the connection is registered, so nothing falls in between. */
  loadSnapshot: () => Promise<HelloSnapshot>;
}

/** A control message: end the streams of a user (of one sign-in, or all), on every instance. */
interface EndSessionMessage {
  kind: 'end-session';
  userId: number;
  sessionId: string | null;
}

/** How long a shutdown waits for streams to take their `server-shutdown` frame. */
const SHUTDOWN_WAIT_MS = 2_500;

/**
 * The event streams of this instance (docs/product.md § Events): opens them (cap, hello, replay
 * from the log), hands them every frame the EventFeed reads, beats the heart, ends a user's
 * streams on every instance, and closes them at shutdown. Which tabs are live is shared through
 * TabLiveness; the events themselves come only from the log.
 */
@Injectable()
export class StreamHub implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger(StreamHub.name);
  private readonly connections = new Map<string, SseConnection>();
  /** Stream rows being written: a close waits for its open. */
  private readonly registrations = new Map<string, Promise<unknown>>();
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  private readonly sessionsEndedListeners: ((userId: number) => void)[] = [];
  /** One timer for the session expiries of all streams (ends each with `session-expired`). */
  private readonly expiries = new SessionExpiries<SseConnection>(endSession);
  /** Shared by every connection (nothing per stream). */
  private readonly connectionOptions: SseConnectionOptions;
  private isShuttingDown = false;

  constructor(
    private readonly config: ConfigService,
    private readonly prisma: PrismaService,
    private readonly feed: EventFeed,
    private readonly replay: EventReplay,
    private readonly liveness: TabLiveness,
    heartbeat: InstanceHeartbeat,
  ) {
    feed.onFrames((frames) => this.deliver(frames));
    feed.onControl((message) => this.control(message));
    heartbeat.trackStreams(() => [...this.connections.values()].map(streamRef));
    this.connectionOptions = {
      maxPendingBytes: config.get('sse').maxPendingBytes,
      onClosed: (connection, cause) => {
        this.expiries.delete(connection, connection.sessionExpiresAt);
        this.unregister(connection, cause);
      },
    };
  }

  onModuleInit(): void {
    // One shared timer for every connection (docs/product.md § Events), serialized once per beat.
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.config.get('sse').heartbeatIntervalMs);
    this.heartbeatTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    this.expiries.stop();
  }

  /** The open streams of this instance (connection id, user, tab, since), for diagnostics and tests. */
  listConnections(): ClientConnection[] {
    return [...this.connections.values()];
  }

  /**
   * Opens an event stream on a raw response (docs/product.md § Events, § Presence, § Limits).
   * Throws before anything is written (429, 503) so the exception filter answers with JSON.
   */
  async openStream(request: OpenStreamRequest): Promise<void> {
    const { user, clientId, response } = request;
    const sse = this.config.get('sse');
    if (this.isShuttingDown) {
      throw new ApiException('SHUTTING_DOWN', {}, 'The server is shutting down; reconnect shortly');
    }
    const connection = new SseConnection(
      randomUUID(),
      user.id,
      clientId,
      user.sessionId,
      response,
      this.connectionOptions,
    );
    const registration = this.liveness.open(streamRef(connection));
    this.registrations.set(connection.connectionId, registration);
    try {
      await registration;
    } catch (err) {
      this.registrations.delete(connection.connectionId);
      connection.abort();
      throw err; // 429 over the cap, 503 without a database
    }
    if (connection.isClosed) return; // the client left while the stream was recorded
    // Registered before the head is read: every later event reaches the connection's queue.
    this.connections.set(connection.connectionId, connection);
    const headId = this.feed.lastDeliveredId;
    let snapshot: HelloSnapshot;
    let plan: Awaited<ReturnType<EventReplay['plan']>>;
    try {
      [plan, snapshot] = await Promise.all([
        this.replay.plan(parseEventId(request.lastEventId), headId),
        request.loadSnapshot(),
      ]);
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
          lastEventId: Math.max(headId, plan.kind === 'replay' ? plan.afterId : 0),
          presence: snapshot.presence,
          locks: snapshot.locks,
          serverTime: new Date().toISOString(),
        },
        jittered(sse.reconnectTimeoutMs, 0.25),
      ),
    ];
    if (plan.kind === 'resync') head.push(streamFrame('resync', { reason: plan.reason }));
    if (plan.kind === 'replay') connection.skipThrough(plan.afterId);
    const expiresAt = user.sessionExpiresAt || Date.now() + this.config.get('jwtLifetimeSeconds') * 1000;
    const isReplaying = plan.kind === 'replay' && plan.throughId > plan.afterId;
    if (connection.start(head, expiresAt, { isCatchingUp: isReplaying })) this.expiries.add(connection, expiresAt);
    if (plan.kind === 'replay' && isReplaying) await this.catchUp(connection, plan.afterId, plan.throughId);
  }

  /**
   * Ends open streams with `session-expired`, on every instance: all of a user's when an
   * administrator disabled the account or changed its role (its reconnects would be refused
   * anyway), or only those opened with one sign-in (`sessionId`) on logout — the other tabs of that
   * browser share its cookie and go to the login page; the user's other browsers keep theirs.
   */
  async endSessionStreams(userId: number, sessionId?: string): Promise<void> {
    const message: EndSessionMessage = { kind: 'end-session', userId, sessionId: sessionId ?? null };
    this.endLocalSessionStreams(message);
    await this.prisma.$executeRaw`SELECT pg_notify(${CONTROL_CHANNEL}, ${JSON.stringify(message)})`;
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
    await Promise.allSettled([...this.registrations.values()]);
  }

  private async catchUp(connection: SseConnection, afterId: number, throughId: number): Promise<void> {
    try {
      for await (const page of this.replay.pages(afterId, throughId)) {
        if (connection.isClosed) return;
        await connection.appendCatchUp(page);
      }
      connection.finishCatchUp();
    } catch (err) {
      // The client reconnects with the last id it got and resumes from there.
      this.logger.warn(`Replay failed, closing the stream: ${(err as Error).message}`);
      connection.end(null, 'aborted');
    }
  }

  private deliver(frames: SseFrame[]): void {
    for (const connection of this.connections.values()) connection.pushAll(frames);
  }

  private heartbeat(): void {
    if (this.connections.size === 0) return;
    const frame = streamFrame('heartbeat', { serverTime: new Date().toISOString() });
    for (const connection of this.connections.values()) connection.push(frame);
  }

  private control(message: unknown): void {
    const m = message as Partial<EndSessionMessage> | null;
    if (m?.kind === 'end-session' && typeof m.userId === 'number') {
      this.endLocalSessionStreams({ kind: 'end-session', userId: m.userId, sessionId: m.sessionId ?? null });
    }
  }

  /**
   * Called, synchronously, when sign-ins of a user end on any instance (logout, disable, role or
   * password change) — before this instance's streams of them close (the session-user cache).
   */
  onSessionsEnded(listener: (userId: number) => void): void {
    this.sessionsEndedListeners.push(listener);
  }

  private endLocalSessionStreams({ userId, sessionId }: EndSessionMessage): void {
    for (const listener of this.sessionsEndedListeners) listener(userId);
    for (const connection of this.connections.values()) {
      if (connection.userId !== userId) continue;
      if (sessionId === null || connection.sessionId === sessionId) endSession(connection);
    }
  }

  private unregister(connection: SseConnection, cause: CloseCause): void {
    this.connections.delete(connection.connectionId);
    if (cause === 'evicted') {
      this.logger.warn(`Closed the event stream of user ${connection.userId}: it fell too far behind`);
    }
    const registration = this.registrations.get(connection.connectionId);
    if (!registration) return;
    const closing = registration
      // Queued and written in a batch; at shutdown the tab reconnects to another instance: presence waits for the grace.
      .then(() => this.liveness.close(streamRef(connection), { leavePresence: cause !== 'shutdown' }))
      .catch((err: unknown) => {
        if (cause !== 'aborted') this.logger.warn(`Could not record a closed stream: ${(err as Error).message}`);
      })
      .finally(() => this.registrations.delete(connection.connectionId));
    this.registrations.set(connection.connectionId, closing);
  }
}

function streamRef(connection: SseConnection): StreamRef {
  return {
    connectionId: connection.connectionId,
    userId: connection.userId,
    clientId: connection.clientId,
    sessionId: connection.sessionId,
  };
}

function endSession(connection: SseConnection): void {
  connection.end(streamFrame('session-expired', {}), 'session-expired');
}
