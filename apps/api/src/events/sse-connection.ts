import type { ServerResponse } from 'node:http';
import { Subject, type Subscription } from 'rxjs';
import type { SseFrame } from './sse-frame';

/** The identity of one open stream (docs/product.md § Events); a user may have many, one or more per tab. */
export interface ClientConnection {
  connectionId: string;
  userId: number;
  clientId: string;
  connectedAt: Date;
  /** Receives every broadcast frame for this connection; completed when the stream closes. */
  subject: Subject<SseFrame>;
}

export type CloseCause = 'client' | 'evicted' | 'session-expired' | 'shutdown' | 'aborted';

export interface SseConnectionOptions {
  maxPendingBytes: number;
  /** The sign-in the stream was opened with (JWT `sid`); null for tokens issued without one. */
  sessionId: string | null;
  /** Called once, when the stream has closed for any reason. */
  onClosed: (connection: SseConnection, cause: CloseCause) => void;
}

/** How long a gracefully ended stream may take to flush its last frame before it is cut. */
const END_GRACE_MS = 2_000;
const MAX_TIMER_MS = 2_147_483_647;

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  // no-transform: intermediaries must not compress or rewrite the stream (docs/product.md § Events, § Limits).
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
} as const;

/**
 * One event stream on one raw HTTP response. Frames arrive through `subject` and are written
 * straight to the socket while it keeps up. When the socket pushes back (`write` returns false)
 * live frames wait in a queue until 'drain'. When a new frame arrives while the queue plus what
 * Node still holds for the socket exceeds `maxPendingBytes`, the consumer is cut off instead of
 * being buffered without bound — it reconnects and catches up from the event log (docs/product.md § Events, § Limits).
 * (Node corks the socket for the rest of the tick, so a burst is written with one writev.)
 *
 * Before `start` (the hello snapshot is loading) live frames are queued the same way, so no
 * event published between registration and hello is lost. The replay after hello comes from the
 * event log a page at a time (`appendCatchUp`), written at the socket's pace, with live frames
 * waiting behind it; it does not count against the limit, as the log holds those events anyway.
 */
export class SseConnection implements ClientConnection {
  readonly subject = new Subject<SseFrame>();
  readonly connectedAt = new Date();
  private isOpen = true;
  private hasStarted = false;
  /** end() or evict() was called: nothing more is written. */
  private isEnding = false;
  private isWaitingForDrain = false;
  /** Started, caught up, nothing queued, socket not pushing back: the fast path of a broadcast. */
  private canWriteDirectly = false;
  private catchUp: SseFrame[] = [];
  private catchUpIndex = 0;
  /** Replayed pages are still coming: live frames wait behind them. */
  private isCatchingUp = false;
  private catchUpWritten: (() => void) | null = null;
  private live: SseFrame[] = [];
  private liveBytes = 0;
  private lastId = 0;
  private cause: CloseCause = 'client';
  private readonly subscription: Subscription;
  private sessionTimer: ReturnType<typeof setTimeout> | null = null;
  private endTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly closedPromise: Promise<void>;
  private resolveClosed!: () => void;

  constructor(
    readonly connectionId: string,
    readonly userId: number,
    readonly clientId: string,
    private readonly res: ServerResponse,
    private readonly options: SseConnectionOptions,
  ) {
    this.closedPromise = new Promise((resolve) => (this.resolveClosed = resolve));
    this.subscription = this.subject.subscribe((frame) => this.deliver(frame));
    res.on('close', () => this.handleClose());
    // A write to a socket that just died reports an error here; 'close' follows and cleans up.
    res.on('error', () => undefined);
  }

  get sessionId(): string | null {
    return this.options.sessionId;
  }

  get isClosed(): boolean {
    return !this.isOpen;
  }

  get isStarted(): boolean {
    return this.hasStarted;
  }

  /** Bytes accepted for this consumer but not yet handed to the kernel. */
  get pendingBytes(): number {
    return this.liveBytes + this.res.writableLength;
  }

  /** Resolves once the stream has closed. */
  whenClosed(): Promise<void> {
    return this.closedPromise;
  }

  /**
   * Sends the headers, then `head` (hello, then the replay or resync), then what was queued since
   * registration — skipping ids already sent — and switches to live delivery. The session timer
   * ends the stream when the session's JWT expires.
   */
  start(
    head: SseFrame[],
    sessionExpiresAt: number,
    onSessionExpired: () => void,
    { isCatchingUp = false }: { isCatchingUp?: boolean } = {},
  ): void {
    if (!this.isOpen || this.isEnding) return; // ended (shutdown, user disabled) while the hello loaded
    this.isCatchingUp = isCatchingUp;
    const socket = this.res.socket;
    socket?.setNoDelay(true);
    socket?.setKeepAlive(true);
    socket?.setTimeout(0);
    this.res.writeHead(200, SSE_HEADERS);
    this.hasStarted = true;
    this.catchUp = head;
    this.armSessionTimer(sessionExpiresAt, onSessionExpired);
    this.pump();
  }

  /**
   * Queues a page of replayed frames (after `start` with `isCatchingUp`); resolves once it has
   * been handed to the socket, or the stream closed — the next page is read only then.
   */
  appendCatchUp(frames: SseFrame[]): Promise<void> {
    if (!this.isOpen || this.isEnding) return Promise.resolve();
    if (this.catchUpIndex >= this.catchUp.length) {
      this.catchUp = [];
      this.catchUpIndex = 0;
    }
    this.catchUp.push(...frames);
    const written = new Promise<void>((resolve) => (this.catchUpWritten = resolve));
    this.pump();
    return written;
  }

  /** The replay is complete: live frames queued behind it follow. */
  finishCatchUp(): void {
    this.isCatchingUp = false;
    if (this.hasStarted) this.pump();
  }

  /** Ids up to `id` were seen by the client already (it is ahead of this instance's feed): skip them. */
  skipThrough(id: number): void {
    this.lastId = Math.max(this.lastId, id);
  }

  /** Ends the stream gracefully with a last frame; a consumer that does not take it is cut. */
  end(frame: SseFrame | null, cause: CloseCause): void {
    if (!this.isOpen || this.isEnding) return;
    this.isEnding = true;
    this.canWriteDirectly = false;
    this.cause = cause;
    this.clearSessionTimer();
    if (!this.hasStarted) {
      this.res.destroy();
      return;
    }
    this.catchUp = [];
    this.live = [];
    this.liveBytes = 0;
    if (frame) this.res.end(frame.bytes);
    else this.res.end();
    this.endTimer = setTimeout(() => this.res.destroy(), END_GRACE_MS);
    this.endTimer.unref();
  }

  /** Forgets a connection that never started (its hello snapshot failed); the caller answers the request. */
  abort(): void {
    this.cause = 'aborted';
    this.handleClose();
  }

  private deliver(frame: SseFrame): void {
    if (this.canWriteDirectly) {
      this.write(frame);
      return;
    }
    if (!this.isOpen || this.isEnding) return;
    // Only a backlogged consumer is measured (a caught-up one holds less than the socket's
    // high-water mark), and before adding the frame: one large frame never cuts off a
    // consumer that keeps up.
    if (this.pendingBytes > this.options.maxPendingBytes) {
      this.evict();
      return;
    }
    if (frame.id === 0) return; // a heartbeat behind a backlog tells the client nothing
    this.live.push(frame);
    this.liveBytes += frame.bytes.length;
  }

  /** Writes queued frames until the socket pushes back or nothing is left. */
  private pump(): void {
    while (this.isOpen && !this.isEnding && !this.isWaitingForDrain) {
      let frame: SseFrame | undefined;
      if (this.catchUpIndex < this.catchUp.length) {
        frame = this.catchUp[this.catchUpIndex++];
      } else if (this.isCatchingUp) {
        break;
      } else {
        frame = this.live.shift();
        if (!frame) break;
        this.liveBytes -= frame.bytes.length;
      }
      this.write(frame);
    }
    if (this.catchUpIndex >= this.catchUp.length) {
      this.catchUp = [];
      this.catchUpIndex = 0;
      this.releaseCatchUpWaiter();
    }
    this.canWriteDirectly =
      this.isOpen &&
      !this.isEnding &&
      !this.isWaitingForDrain &&
      !this.isCatchingUp &&
      this.catchUp.length === 0 &&
      this.live.length === 0;
  }

  private write(frame: SseFrame): void {
    if (frame.id !== 0) {
      if (frame.id <= this.lastId) return; // replay and live overlap: sent already
      this.lastId = frame.id;
    }
    if (!this.res.write(frame.bytes)) {
      this.isWaitingForDrain = true;
      this.canWriteDirectly = false;
      this.res.once('drain', () => {
        this.isWaitingForDrain = false;
        this.pump();
      });
    }
  }

  private releaseCatchUpWaiter(): void {
    const resolve = this.catchUpWritten;
    this.catchUpWritten = null;
    resolve?.();
  }

  private evict(): void {
    this.isEnding = true;
    this.canWriteDirectly = false;
    this.cause = 'evicted';
    this.res.destroy();
  }

  private armSessionTimer(expiresAt: number, onExpired: () => void): void {
    const delay = expiresAt - Date.now();
    this.sessionTimer =
      delay > MAX_TIMER_MS
        ? setTimeout(() => this.armSessionTimer(expiresAt, onExpired), MAX_TIMER_MS)
        : setTimeout(onExpired, Math.max(0, delay));
    this.sessionTimer.unref();
  }

  private clearSessionTimer(): void {
    if (this.sessionTimer) clearTimeout(this.sessionTimer);
    this.sessionTimer = null;
  }

  private handleClose(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.canWriteDirectly = false;
    this.catchUp = [];
    this.live = [];
    this.liveBytes = 0;
    this.clearSessionTimer();
    if (this.endTimer) clearTimeout(this.endTimer);
    this.subscription.unsubscribe();
    this.subject.complete();
    this.releaseCatchUpWaiter();
    this.options.onClosed(this, this.cause);
    this.resolveClosed();
  }
}
