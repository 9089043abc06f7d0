import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { DOCUMENT } from '@angular/common';
import { DestroyRef, Injectable, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type {
  AcquireLockRequest,
  LockDto,
  LockEndedEventData,
  LockEntityType,
  LockEnvelope,
  LockOfferDto,
  LockRefRequest,
  LockResponse,
  UserRef,
} from '@tdgen/contracts';
import { LOCK_REASON, ROUTES, lockKey, type LockKey } from '@tdgen/contracts';
import {
  BehaviorSubject,
  Observable,
  Subject,
  Subscription,
  catchError,
  distinctUntilChanged,
  map,
  of,
  tap,
  throwError,
} from 'rxjs';
import { apiUrl } from '../core/api-url';
import { CLIENT_ID } from '../core/client-id';
import { AppConfigService } from '../core/config/app-config.service';
import { apiErrorOf } from '../core/http/api-error';
import { handlesErrorsItself } from '../core/http/http-context';
import { HeldLockFences } from '../core/http/lock-fences.interceptor';
import { NotificationService } from '../core/notification.service';
import { SseService } from '../core/sse/sse.service';
import { TabActivityService } from '../core/tab-activity.service';

export type AcquireOutcome =
  | { kind: 'acquired'; lock: LockDto }
  | { kind: 'conflict'; lock: LockDto | null; isHeldBySelfElsewhere: boolean; offer?: LockOfferDto | null };

export type LostLockReason = 'broken' | 'taken-over' | 'expired' | 'released' | 'handed-over';

/** This tab lost a lock it held without asking for it. */
export interface LostLock {
  lock: LockDto;
  reason: LostLockReason;
  by: UserRef | null;
  message: string | null;
}

const BASE = apiUrl(ROUTES.locks);
/** Statuses of a release/refresh that mean this tab no longer holds the lock. */
const LOCK_ALREADY_GONE = new Set([401, 404, 409, 423, 428]);

/**
 * Every active lock, keyed `${entityType}:${entityId}` (docs/product.md § Locks): the hello snapshot plus
 * live lock events. Knows which locks this tab holds, refreshes them on a timer, releases them by
 * beacon when the tab closes, and reports locks this tab lost (broken, taken over, expired).
 */
@Injectable({ providedIn: 'root' })
export class LockStore {
  private readonly http = inject(HttpClient);
  private readonly sse = inject(SseService);
  private readonly config = inject(AppConfigService);
  private readonly notifications = inject(NotificationService);
  private readonly clientId = inject(CLIENT_ID);
  private readonly window = inject(DOCUMENT).defaultView;
  private readonly activity = inject(TabActivityService);
  /** When the auto refresh last ran: a tab without input since then lets its locks run down (warned first). */
  private lastRefreshRound = Date.now();

  private readonly locksSubject = new BehaviorSubject<ReadonlyMap<LockKey, LockDto>>(new Map());
  private readonly lostSubject = new Subject<LostLock>();
  private readonly versions = new Map<LockKey, number>();
  private snapshotEventId = 0;
  private refreshTimer: ReturnType<typeof setInterval> | null = null;
  private readonly refreshes = new Subscription();

  readonly locks$: Observable<ReadonlyMap<LockKey, LockDto>> = this.locksSubject.asObservable();
  readonly lockList$: Observable<LockDto[]> = this.locks$.pipe(map((locks) => [...locks.values()]));
  /** Locks of this tab that were broken, taken over or expired: tell the user at once. */
  readonly lostLocks$: Observable<LostLock> = this.lostSubject.asObservable();

  constructor() {
    const destroyRef = inject(DestroyRef);
    inject(HeldLockFences).use(() => this.heldByMe());
    this.sse.lockEvents.pipe(takeUntilDestroyed(destroyRef)).subscribe((event) => this.applyEvent(event));
    this.sse.hello$
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe((hello) => this.applySnapshot(hello.locks, hello.lastEventId));
    this.window?.addEventListener('pagehide', this.releaseAllByBeacon);
    destroyRef.onDestroy(() => {
      this.window?.removeEventListener('pagehide', this.releaseAllByBeacon);
      this.stopAutoRefresh();
    });
  }

  get snapshot(): ReadonlyMap<LockKey, LockDto> {
    return this.locksSubject.value;
  }

  lock$(entityType: LockEntityType, entityId: number): Observable<LockDto | null> {
    const key = lockKey(entityType, entityId);
    return this.locks$.pipe(
      map((locks) => locks.get(key) ?? null),
      distinctUntilChanged(),
    );
  }

  /** True while this tab holds the lock; turns false the moment it is broken or taken over. */
  isHeldByMe$(entityType: LockEntityType, entityId: number): Observable<boolean> {
    return this.lock$(entityType, entityId).pipe(
      map((lock) => this.isMine(lock)),
      distinctUntilChanged(),
    );
  }

  isHeldByMe(entityType: LockEntityType, entityId: number): boolean {
    return this.isMine(this.snapshot.get(lockKey(entityType, entityId)) ?? null);
  }

  isMine(lock: LockDto | null | undefined): boolean {
    return !!lock && lock.clientId === this.clientId;
  }

  heldByMe(): LockDto[] {
    return [...this.snapshot.values()].filter((lock) => this.isMine(lock));
  }

  acquire(entityType: LockEntityType, entityId: number, takeover = false): Observable<AcquireOutcome> {
    const body: AcquireLockRequest = {
      entityType,
      entityId,
      clientId: this.clientId,
      ...(takeover ? { takeover } : {}),
    };
    return this.http.post<LockResponse>(`${BASE}/acquire`, body, { context: handlesErrorsItself() }).pipe(
      tap(({ lock }) => this.setLock(lock)),
      map(({ lock }): AcquireOutcome => ({ kind: 'acquired', lock })),
      catchError((error: unknown) => {
        const apiError = apiErrorOf(error);
        // Free but reserved for the first in its line (docs/product.md § Locks, Wait-list).
        if (apiError?.code === 'LOCK_OFFERED') {
          return of<AcquireOutcome>({
            kind: 'conflict',
            lock: null,
            isHeldBySelfElsewhere: false,
            offer: apiError.offer,
          });
        }
        if (apiError?.code !== 'LOCKED') return throwError(() => error);
        this.setLock(apiError.lock);
        return of<AcquireOutcome>({
          kind: 'conflict',
          lock: apiError.lock,
          isHeldBySelfElsewhere: apiError.heldBySelfElsewhere,
        });
      }),
    );
  }

  /** Releases a lock this tab holds; forgets it at once so nothing waits for the echo. */
  release(entityType: LockEntityType, entityId: number): Observable<void> {
    if (!this.isHeldByMe(entityType, entityId)) return of(undefined);
    this.deleteLock(lockKey(entityType, entityId));
    return this.http
      .post<void>(`${BASE}/release`, this.ref(entityType, entityId), { context: handlesErrorsItself() })
      .pipe(
        map(() => undefined),
        catchError((error: unknown) => {
          // Gone already (expired, broken, taken over) is what releasing wanted; anything else is told.
          const status = error instanceof HttpErrorResponse ? error.status : 0;
          if (status >= 400 && status < 500 && !LOCK_ALREADY_GONE.has(status)) {
            this.notifications.error(error, 'Could not release the lock');
          }
          return of(undefined);
        }),
      );
  }

  refresh(entityType: LockEntityType, entityId: number): Observable<LockDto | null> {
    return this.http
      .post<LockResponse>(`${BASE}/refresh`, this.ref(entityType, entityId), { context: handlesErrorsItself() })
      .pipe(
        tap(({ lock }) => this.setLock(lock)),
        map(({ lock }) => lock),
        catchError((error: unknown) => {
          const status = error instanceof HttpErrorResponse ? error.status : 0;
          // Transient failures keep the lock (the next refresh retries); a refusal means it is gone.
          if (status === 0 || status >= 500 || status === 429) return of(null);
          const key = lockKey(entityType, entityId);
          const lost = this.snapshot.get(key);
          if (lost && this.isMine(lost)) {
            this.deleteLock(key);
            this.lostSubject.next({ lock: lost, reason: 'expired', by: null, message: null });
          }
          return of(null);
        }),
      );
  }

  /** Reloads every active lock (admin console); the live events keep it current afterwards. */
  loadAll(): void {
    const floor = this.sse.lastEventId ?? 0;
    this.http.get<LockDto[]>(BASE).subscribe({
      next: (locks) => this.applySnapshot(locks, floor),
      error: () => undefined, // The hello snapshot remains; the admin screen still shows it.
    });
  }

  /** Admin only: takes the lock from its holder, whose tab is told at once. */
  breakLock(entityType: LockEntityType, entityId: number, reason?: string): Observable<void> {
    const body = reason ? { entityType, entityId, reason } : { entityType, entityId };
    return this.http.post<void>(`${BASE}/break`, body).pipe(tap(() => this.deleteLock(lockKey(entityType, entityId))));
  }

  /**
   * Refreshes this tab's locks every `lock.refreshIntervalMs` while the tab is used (input since the
   * last round), so they never expire in use; an idle tab's locks run down and it is warned first
   * (docs/product.md § Locks, "Warning before a lock runs out").
   */
  startAutoRefresh(): void {
    if (this.refreshTimer !== null) return;
    this.lastRefreshRound = Date.now();
    this.refreshTimer = setInterval(() => {
      const hadInput = this.activity.lastInputAt > this.lastRefreshRound;
      this.lastRefreshRound = Date.now();
      if (!hadInput) return;
      for (const lock of this.heldByMe()) {
        this.refreshes.add(this.refresh(lock.entityType, lock.entityId).subscribe());
      }
    }, this.config.value.lock.refreshIntervalMs);
  }

  stopAutoRefresh(): void {
    if (this.refreshTimer !== null) clearInterval(this.refreshTimer);
    this.refreshTimer = null;
  }

  /** Takes a lock this tab got by a handover (the answer of accept or request) into the map. */
  applyLock(lock: LockDto): void {
    this.setLock(lock);
  }

  /** Forgets all state (logout / session end). The server releases the locks itself. */
  reset(): void {
    this.stopAutoRefresh();
    this.versions.clear();
    this.snapshotEventId = 0;
    this.locksSubject.next(new Map());
  }

  /** On tab close: a beacon survives the page; the server accepts the JSON as text/plain. */
  readonly releaseAllByBeacon = (): void => {
    const navigator = this.window?.navigator;
    if (!navigator || typeof navigator.sendBeacon !== 'function') return;
    for (const lock of this.heldByMe()) {
      const body = JSON.stringify(this.ref(lock.entityType, lock.entityId));
      navigator.sendBeacon(`${BASE}/release`, new Blob([body], { type: 'text/plain;charset=UTF-8' }));
    }
  };

  applyEvent(event: LockEnvelope): void {
    // The negotiation events (requests, lines, offers) carry no lock; LockNegotiationStore has them.
    if (!('lock' in event.data)) return;
    const key = lockKey(event.data.lock.entityType, event.data.lock.entityId);
    if (event.id <= Math.max(this.snapshotEventId, this.versions.get(key) ?? 0)) return;
    this.versions.set(key, event.id);
    switch (event.type) {
      case 'lock:acquired':
        return this.applyLockAcquired(event.data.lock);
      case 'lock:refreshed':
        return this.setLock(event.data.lock);
      case 'lock:released':
        return this.applyLockEnded(event.data, 'released', event.clientId);
      case 'lock:expired':
        return this.applyLockEnded(event.data, 'expired', event.clientId);
      case 'lock:broken': {
        // A takeover by the holder's own other tab arrives as lock:broken with reason "taken over".
        const data = event.data;
        return this.applyLockEnded(
          data,
          data.reason === LOCK_REASON.takenOver ? 'taken-over' : 'broken',
          event.clientId,
        );
      }
      case 'lock:handed-over': {
        const { lock, previous } = event.data;
        const current = this.snapshot.get(key);
        this.setLock(lock);
        // The holder that handed over by choice knows; an automatic pass (idle, timeout) is told.
        const isOwnChoice = event.clientId === this.clientId;
        if (current && this.isMine(current) && current.fence === previous.fence && !isOwnChoice) {
          this.lostSubject.next({ lock: current, reason: 'handed-over', by: lock.holder, message: event.data.reason });
        }
        return;
      }
    }
  }

  /** The hello snapshot replaces everything; a lock this tab held that is missing was lost meanwhile. */
  applySnapshot(locks: readonly LockDto[], lastEventId: number): void {
    const mineBefore = this.heldByMe();
    const next = new Map(locks.map((lock) => [lockKey(lock.entityType, lock.entityId), lock] as const));
    this.versions.clear();
    this.snapshotEventId = lastEventId;
    this.locksSubject.next(next);
    for (const lock of mineBefore) {
      const now = next.get(lockKey(lock.entityType, lock.entityId));
      if (!this.isMine(now)) {
        this.lostSubject.next({ lock, reason: now ? 'taken-over' : 'expired', by: now?.holder ?? null, message: null });
      }
    }
  }

  private applyLockAcquired(lock: LockDto): void {
    const key = lockKey(lock.entityType, lock.entityId);
    const previous = this.snapshot.get(key);
    this.setLock(lock);
    if (previous && this.isMine(previous) && !this.isMine(lock)) {
      this.lostSubject.next({ lock: previous, reason: 'taken-over', by: lock.holder, message: null });
    }
  }

  private applyLockEnded(data: LockEndedEventData, reason: LostLockReason, actorClientId: string | null): void {
    const key = lockKey(data.lock.entityType, data.lock.entityId);
    const current = this.snapshot.get(key);
    // Only the lock the event names ends; a newer lock by someone else on the same record stays.
    if (!current || current.clientId !== data.lock.clientId || current.holder.id !== data.lock.holder.id) return;
    const isOwnRelease = reason === 'released' && actorClientId === this.clientId;
    // The late echo of this tab's own release must not end the lock it has re-acquired since.
    if (isOwnRelease && current.acquiredAt !== data.lock.acquiredAt) return;
    this.deleteLock(key);
    if (this.isMine(current) && !isOwnRelease) {
      this.lostSubject.next({ lock: current, reason, by: data.by, message: data.reason });
    }
  }

  private setLock(lock: LockDto): void {
    const next = new Map(this.snapshot);
    next.set(lockKey(lock.entityType, lock.entityId), lock);
    this.locksSubject.next(next);
  }

  private deleteLock(key: LockKey): void {
    if (!this.snapshot.has(key)) return;
    const next = new Map(this.snapshot);
    next.delete(key);
    this.locksSubject.next(next);
  }

  private ref(entityType: LockEntityType, entityId: number): LockRefRequest {
    return { entityType, entityId, clientId: this.clientId };
  }
}
