import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { SseFrame } from './sse-frame';

/** The identity of one open stream (docs/product.md § Events); a user may have many, one or more per tab. */
export interface ClientConnection {
  connectionId: string;
  userId: number;
  clientId: string;
  connectedAt: Date;
  /** Resolves once the stream has closed (and the hub has forgotten it). */
  whenClosed(): Promise<void>;
}

export type CloseCause = 'client' | 'evicted' | 'session-expired' | 'shutdown' | 'aborted';

/** What every connection of a hub shares (one object for all of them, not one per stream). */
export interface SseConnectionOptions {
  maxPendingBytes: number;
  /** Called once, when the stream has closed for any reason. */
  onClosed: (connection: SseConnection, cause: CloseCause) => void;
}

/** How long a gracefully ended stream may take to flush its last frame before it is cut. */
const END_GRACE_MS = 2_000;

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  // no-transform: intermediaries must not compress or rewrite the stream (docs/product.md § Events, § Limits).
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
} as const;

/**
 * One event stream on one raw HTTP response. Frames arrive through `push` and are written
 * straight to the socket while it keeps up. When the socket pushes back (`write` returns false)
 * live frames wait in a queue until 'drain'. When a new frame arrives while the queue plus what
 * Node still holds for the socket exceeds `maxPendingBytes`, the consumer is cut off instead of
 * being buffered without bound — it reconnects and catches up from the event log (docs/product.md § Events, § Limits).
 *
 * Once the head (hello) has gone out through the response, frames go to the socket itself, already
 * framed as HTTP chunks (`SseFrame.chunk`): the same bytes Node's `res.write` would send, without
 * its per-write bookkeeping — which, for a thousand streams, took several times as long as the
 * writes themselves (docs/performance.md § SSE fan-out) — and each reaches its client at once
 * instead of after the whole broadcast loop. A burst of frames is corked into one writev (`pushAll`).
 *
 * An idle stream is held by the thousands (docs/performance.md § Idle streams), so it keeps little
 * of its own: no Subject or timer per stream (the hub's heartbeat and session expiries are shared),
 * the options object is the hub's, the close promise is made only when asked for, and once started
 * the request's framework decorations (router continuation, parsed cookies, user) are released.
 *
 * Before `start` (the hello snapshot is loading) live frames are queued the same way, so no
 * event published between registration and hello is lost. The replay after hello comes from the
 * event log a page at a time (`appendCatchUp`), written at the socket's pace, with live frames
 * waiting behind it; it does not count against the limit, as the log holds those events anyway.
 */
export class SseConnection implements ClientConnection {
  private readonly connectedAtMs = Date.now();
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
  /** When the session's JWT expires (epoch ms), set by `start`; the hub's SessionExpiries ends the stream then. */
  sessionExpiresAt = 0;
  private endTimer: ReturnType<typeof setTimeout> | null = null;
  /** Made by the first `whenClosed` of an open stream (few streams are ever waited for). */
  private closed: { promise: Promise<void>; resolve: () => void } | null = null;
  /** Set once the head has been flushed to the socket: frames are written to it directly (see the class comment). */
  private socket: Socket | null = null;
  /** The response uses chunked transfer encoding (HTTP/1.1), so a frame is sent as its `chunk`. */
  private isChunked = false;

  constructor(
    readonly connectionId: string,
    readonly userId: number,
    readonly clientId: string,
    /** The sign-in the stream was opened with (JWT `sid`); null for tokens issued without one. */
    readonly sessionId: string | null,
    private readonly res: ServerResponse,
    private readonly options: SseConnectionOptions,
  ) {
    res.on('close', onResponseClose);
    // A write to a socket that just died reports an error here; 'close' follows and cleans up.
    res.on('error', ignoreError);
    connectionOf.set(res, this);
  }

  get connectedAt(): Date {
    return new Date(this.connectedAtMs);
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
    if (!this.isOpen) return Promise.resolve();
    if (!this.closed) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.closed = { promise, resolve };
    }
    return this.closed.promise;
  }

  /**
   * Sends the headers, then `head` (hello, then the replay or resync), then what was queued since
   * registration — skipping ids already sent — and switches to live delivery. Returns false when
   * the stream had already ended (then nothing is sent). The caller ends the stream when the
   * session's JWT expires (`sessionExpiresAt`, see SessionExpiries).
   */
  start(
    head: SseFrame[],
    sessionExpiresAt: number,
    { isCatchingUp = false }: { isCatchingUp?: boolean } = {},
  ): boolean {
    if (!this.isOpen || this.isEnding) return false; // ended (shutdown, user disabled) while the hello loaded
    this.isCatchingUp = isCatchingUp;
    this.sessionExpiresAt = sessionExpiresAt;
    const socket = this.res.socket;
    socket?.setNoDelay(true);
    socket?.setKeepAlive(true);
    socket?.setTimeout(0);
    this.res.writeHead(200, SSE_HEADERS);
    releaseSentHead(this.res);
    this.hasStarted = true;
    this.catchUp = head;
    this.pump();
    this.writeToSocketFromNowOn(socket);
    releaseRequest(this.res);
    return true;
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

  /**
   * Frames written from now on go straight to the socket — when the response is the socket's
   * current one and everything written so far (the head, the first frames) has been handed to it,
   * so nothing can overtake. Otherwise (a pipelined response still waiting its turn) they keep
   * going through the response.
   */
  private writeToSocketFromNowOn(socket: Socket | null | undefined): void {
    const current = (socket as (Socket & { _httpMessage?: unknown }) | null | undefined)?._httpMessage;
    if (!socket || current !== this.res || this.res.writableLength !== socket.writableLength) return;
    this.socket = socket;
    this.isChunked = (this.res as ServerResponse & { chunkedEncoding?: boolean }).chunkedEncoding === true;
  }

  /** Several broadcast frames at once: written in one go (one writev) when the consumer keeps up. */
  pushAll(frames: SseFrame[]): void {
    if (frames.length === 1) {
      this.push(frames[0]);
      return;
    }
    const socket = this.canWriteDirectly ? this.socket : null;
    socket?.cork();
    for (const frame of frames) this.push(frame);
    socket?.uncork();
  }

  /** A broadcast frame (live event or heartbeat): written now, queued, or the consumer is cut off. */
  push(frame: SseFrame): void {
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
    const socket = this.socket;
    const isAccepted = socket ? socket.write(this.isChunked ? frame.chunk : frame.bytes) : this.res.write(frame.bytes);
    if (!isAccepted) {
      this.isWaitingForDrain = true;
      this.canWriteDirectly = false;
      (socket ?? this.res).once('drain', () => {
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

  /** @internal the response's 'close' (onResponseClose), or `abort`. */
  handleClose(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.canWriteDirectly = false;
    this.catchUp = [];
    this.live = [];
    this.liveBytes = 0;
    if (this.endTimer) clearTimeout(this.endTimer);
    connectionOf.delete(this.res);
    this.releaseCatchUpWaiter();
    this.options.onClosed(this, this.cause);
    this.closed?.resolve();
  }
}

/** The connection of each open response: lets the 'close' and 'error' listeners be shared functions, not closures per stream. */
const connectionOf = new WeakMap<ServerResponse, SseConnection>();

function onResponseClose(this: ServerResponse): void {
  connectionOf.get(this)?.handleClose();
}

function ignoreError(): void {
  // 'close' follows and cleans up
}

/**
 * Drops what Express, cookie-parser and Passport hung on the request and response for routing
 * and authentication, none of which a started stream reads again: Node keeps the request alive as
 * long as the response, so otherwise every idle stream would hold the router's continuation (`next`
 * and the closures behind it), the parsed cookies and the user object.
 */
function releaseRequest(res: ServerResponse): void {
  const req = res.req as unknown as Record<string, unknown> | undefined;
  if (req) {
    for (const key of RELEASED_REQUEST_FIELDS) if (req[key] !== undefined) req[key] = undefined;
  }
  const decorated = res as unknown as Record<string, unknown>;
  if (decorated.locals !== undefined) decorated.locals = undefined;
}

const RELEASED_REQUEST_FIELDS = [
  'next',
  'cookies',
  'signedCookies',
  'user',
  'params',
  'body',
  'route',
  '_parsedUrl',
] as const;

/** Node's own key of a response's header table (found on the first response that has one). */
let outHeadersKey: symbol | null | undefined;

/**
 * After `writeHead` Node has the response head as one string (`_header`) and keeps both it and the
 * table it was built from (`setHeader`: the security headers, ≈ 16 two-element arrays) as long as
 * the response. Neither is read again once the head is written (no header can be set or removed
 * then; only getHeader/getHeaders would read the table), so: the table is dropped, and the head,
 * built by concatenation (a rope of ~70 V8 string pieces, ≈ 2 KiB), is flattened in place into one
 * string by converting it to a number (the technique of the `flatstr` package) — its text, sent or
 * about to be, is unchanged. Together ≈ 3 KiB per idle stream.
 */
function releaseSentHead(res: ServerResponse): void {
  if (!res.headersSent) return;
  const head = (res as unknown as { _header?: unknown })._header;
  if (typeof head === 'string') void Number(head);
  if (outHeadersKey === undefined) {
    outHeadersKey = Object.getOwnPropertySymbols(res).find((key) => key.description === 'kOutHeaders') ?? null;
  }
  const table = res as unknown as Record<symbol, unknown>;
  if (outHeadersKey && table[outHeadersKey] !== null && typeof table[outHeadersKey] === 'object') {
    table[outHeadersKey] = null;
  }
}
