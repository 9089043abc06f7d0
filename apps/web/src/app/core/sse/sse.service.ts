import { DOCUMENT } from '@angular/common';
import { Injectable, OnDestroy, inject } from '@angular/core';
import type {
  AnySseEnvelope,
  DomainEnvelope,
  HelloEventData,
  JobDescriptionEnvelope,
  JobDescriptionTaskEnvelope,
  JobTaskEnvelope,
  LockEnvelope,
  PresenceEnvelope,
} from '@tdgen/contracts';
import { ROUTES, isEventOf } from '@tdgen/contracts';
import { BehaviorSubject, Observable, Subject, distinctUntilChanged } from 'rxjs';
import { apiUrl } from '../api-url';
import { CLIENT_ID } from '../client-id';
import { AppConfigService } from '../config/app-config.service';
import { EVENT_SOURCE_FACTORY, EventSourceLike } from './event-source.factory';

export type ConnectionState = 'live' | 'reconnecting' | 'offline';

/** After this many failed attempts in a row the indicator says "Offline" (we keep trying). */
export const FAILED_ATTEMPTS_BEFORE_OFFLINE = 4;
export const MAX_BACKOFF_MS = 60_000;
/** A stream silent for this many heartbeat intervals is treated as dead (docs/product.md § Web app). */
export const WATCHDOG_HEARTBEATS = 2.5;

/**
 * Owns the tab's single EventSource (docs/product.md § Web app): routes each envelope by its type prefix,
 * tracks the last event id, and reconnects itself with exponential backoff and jitter, passing
 * `lastEventId` so the server replays what was missed. The browser's own retry is not used
 * because it cannot back off and would keep a dead stream "connecting" forever.
 */
@Injectable({ providedIn: 'root' })
export class SseService implements OnDestroy {
  private readonly createEventSource = inject(EVENT_SOURCE_FACTORY);
  private readonly config = inject(AppConfigService);
  private readonly clientId = inject(CLIENT_ID);
  private readonly window = inject(DOCUMENT).defaultView;

  private source: EventSourceLike | null = null;
  private isActive = false;
  private failedAttempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdogTimer: ReturnType<typeof setTimeout> | null = null;
  private lastSeenEventId: number | null = null;
  private isReplayingConnection = false;
  private helloLastEventId: number | null = null;

  private readonly jobTaskSubject = new Subject<JobTaskEnvelope>();
  private readonly jobDescriptionSubject = new Subject<JobDescriptionEnvelope>();
  private readonly jobDescriptionTaskSubject = new Subject<JobDescriptionTaskEnvelope>();
  private readonly lockSubject = new Subject<LockEnvelope>();
  private readonly presenceSubject = new Subject<PresenceEnvelope>();
  private readonly helloSubject = new Subject<HelloEventData>();
  private readonly resyncSubject = new Subject<void>();
  private readonly sessionExpiredSubject = new Subject<void>();
  private readonly connectionErrorSubject = new Subject<void>();
  private readonly stateSubject = new BehaviorSubject<ConnectionState>('offline');

  readonly jobTaskEvents: Observable<JobTaskEnvelope> = this.jobTaskSubject.asObservable();
  readonly jobDescriptionEvents: Observable<JobDescriptionEnvelope> = this.jobDescriptionSubject.asObservable();
  readonly jobDescriptionTaskEvents: Observable<JobDescriptionTaskEnvelope> =
    this.jobDescriptionTaskSubject.asObservable();
  readonly lockEvents: Observable<LockEnvelope> = this.lockSubject.asObservable();
  readonly userPresenceEvents: Observable<PresenceEnvelope> = this.presenceSubject.asObservable();
  /** The snapshot every (re)connection starts with. */
  readonly hello$: Observable<HelloEventData> = this.helloSubject.asObservable();
  /**
   * Stores must reload from REST: the server could not replay (`resync`), or this connection
   * started without a last event id, so events before it are unknown.
   */
  readonly resync$: Observable<void> = this.resyncSubject.asObservable();
  readonly sessionExpired$: Observable<void> = this.sessionExpiredSubject.asObservable();
  /** Each failed connection attempt (the stream cannot tell a 401 apart; the session checks). */
  readonly connectionErrors$: Observable<void> = this.connectionErrorSubject.asObservable();
  readonly connectionState: Observable<ConnectionState> = this.stateSubject.pipe(distinctUntilChanged());

  get state(): ConnectionState {
    return this.stateSubject.value;
  }

  get lastEventId(): number | null {
    return this.lastSeenEventId;
  }

  get myClientId(): string {
    return this.clientId;
  }

  connect(): void {
    if (this.isActive) return;
    this.isActive = true;
    this.failedAttempts = 0;
    this.window?.addEventListener('online', this.onBrowserOnline);
    this.window?.addEventListener('offline', this.onBrowserOffline);
    this.open();
  }

  disconnect(): void {
    this.isActive = false;
    this.window?.removeEventListener('online', this.onBrowserOnline);
    this.window?.removeEventListener('offline', this.onBrowserOffline);
    this.closeSource();
    this.clearReconnectTimer();
    this.stateSubject.next('offline');
  }

  ngOnDestroy(): void {
    this.disconnect();
  }

  /** Delay before reconnect attempt `attempt` (1-based): doubling from the configured timeout, ±20 % jitter. */
  backoffDelay(attempt: number): number {
    const base = this.config.value.sse.reconnectTimeoutMs;
    const exponential = Math.min(MAX_BACKOFF_MS, base * 2 ** Math.max(0, attempt - 1));
    return Math.round(exponential * (0.8 + 0.4 * Math.random()));
  }

  private open(): void {
    this.closeSource();
    this.clearReconnectTimer();
    if (this.isBrowserOffline()) {
      this.stateSubject.next('offline');
      return;
    }
    if (this.failedAttempts < FAILED_ATTEMPTS_BEFORE_OFFLINE) this.stateSubject.next('reconnecting');
    const params = new URLSearchParams({ clientId: this.clientId });
    if (this.lastSeenEventId !== null) params.set('lastEventId', String(this.lastSeenEventId));
    this.isReplayingConnection = this.lastSeenEventId !== null;
    this.helloLastEventId = null;

    const source = this.createEventSource(`${apiUrl(ROUTES.events, 'stream')}?${params.toString()}`);
    this.source = source;
    const onMessage = (event: MessageEvent) => {
      if (source === this.source) this.handleMessage(event);
    };
    // The server sends no `event:` names, so every envelope arrives as an unnamed message.
    source.onmessage = onMessage;
    source.onerror = () => {
      if (source === this.source) this.handleFailure();
    };
    source.onopen = () => {
      if (source === this.source) this.armWatchdog();
    };
    this.armWatchdog();
  }

  private handleMessage(event: MessageEvent): void {
    let envelope: AnySseEnvelope;
    try {
      envelope = JSON.parse(String(event.data));
    } catch {
      return; // Not ours (e.g. a comment-only keep-alive); the watchdog still counts it below.
    } finally {
      this.armWatchdog();
    }
    if (!envelope || typeof envelope.type !== 'string') return;
    this.route(envelope);
  }

  private route(envelope: AnySseEnvelope): void {
    switch (envelope.type) {
      case 'hello':
        return this.handleHello(envelope.data);
      case 'heartbeat':
        return;
      case 'resync':
        this.lastSeenEventId = this.helloLastEventId ?? this.lastSeenEventId;
        this.resyncSubject.next();
        return;
      case 'session-expired':
        this.disconnect();
        this.sessionExpiredSubject.next();
        return;
      case 'server-shutdown':
        this.closeSource();
        this.stateSubject.next('reconnecting');
        this.scheduleReconnect(Math.max(0, envelope.data.retryAfterMs ?? this.backoffDelay(1)));
        return;
    }
    if (envelope.id > 0) {
      // The sequence is global and strictly increasing: anything not newer is a replayed duplicate.
      if (this.lastSeenEventId !== null && envelope.id <= this.lastSeenEventId) return;
      this.lastSeenEventId = envelope.id;
    }
    this.routeDomainEvent(envelope);
  }

  private routeDomainEvent(envelope: DomainEnvelope): void {
    if (isEventOf(envelope, 'job-task')) this.jobTaskSubject.next(envelope);
    else if (isEventOf(envelope, 'job-description')) this.jobDescriptionSubject.next(envelope);
    else if (isEventOf(envelope, 'job-description-task')) this.jobDescriptionTaskSubject.next(envelope);
    else if (isEventOf(envelope, 'lock')) this.lockSubject.next(envelope);
    else if (isEventOf(envelope, 'user')) this.presenceSubject.next(envelope);
  }

  private handleHello(hello: HelloEventData): void {
    this.failedAttempts = 0; // A healthy connection resets the backoff.
    this.helloLastEventId = hello.lastEventId;
    if (this.lastSeenEventId === null) this.lastSeenEventId = hello.lastEventId;
    this.stateSubject.next('live');
    this.helloSubject.next(hello);
    if (!this.isReplayingConnection) this.resyncSubject.next();
  }

  private handleFailure(): void {
    this.closeSource();
    if (!this.isActive) return;
    this.failedAttempts++;
    this.stateSubject.next(this.failedAttempts >= FAILED_ATTEMPTS_BEFORE_OFFLINE ? 'offline' : 'reconnecting');
    this.connectionErrorSubject.next();
    this.scheduleReconnect(this.backoffDelay(this.failedAttempts));
  }

  private scheduleReconnect(delayMs: number): void {
    this.clearReconnectTimer();
    if (!this.isActive) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.isActive) this.open();
    }, delayMs);
  }

  private armWatchdog(): void {
    this.clearWatchdog();
    if (!this.source) return;
    const silenceMs = this.config.value.sse.heartbeatIntervalMs * WATCHDOG_HEARTBEATS;
    this.watchdogTimer = setTimeout(() => {
      this.watchdogTimer = null;
      this.handleFailure();
    }, silenceMs);
  }

  private closeSource(): void {
    this.clearWatchdog();
    if (!this.source) return;
    const source = this.source;
    this.source = null;
    source.onopen = source.onmessage = source.onerror = null;
    source.close();
  }

  private clearWatchdog(): void {
    if (this.watchdogTimer !== null) clearTimeout(this.watchdogTimer);
    this.watchdogTimer = null;
  }

  private clearReconnectTimer(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private isBrowserOffline(): boolean {
    return this.window?.navigator?.onLine === false;
  }

  private readonly onBrowserOnline = (): void => {
    if (!this.isActive) return;
    this.failedAttempts = 0;
    this.open();
  };

  private readonly onBrowserOffline = (): void => {
    if (!this.isActive) return;
    this.closeSource();
    this.clearReconnectTimer();
    this.stateSubject.next('offline');
  };
}
