import { HttpClient } from '@angular/common/http';
import { DOCUMENT } from '@angular/common';
import { DestroyRef, Injectable, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type {
  HandoverRequestDto,
  HandoverRequestResponse,
  LockDto,
  LockEntityType,
  LockEnvelope,
  LockLineDto,
  LockLineResponse,
  LockNegotiationsDto,
  LockOfferDto,
  LockRefRequest,
  LockResponse,
} from '@tdgen/contracts';
import { ROUTES, lockKey, type LockKey } from '@tdgen/contracts';
import { BehaviorSubject, Observable, Subject, distinctUntilChanged, map, tap } from 'rxjs';
import { apiUrl } from '../core/api-url';
import { CLIENT_ID } from '../core/client-id';
import { handlesErrorsItself } from '../core/http/http-context';
import { SseService } from '../core/sse/sse.service';
import { LockStore } from './lock.store';

const BASE = apiUrl(ROUTES.locks);

/** What happened to a handover this tab asked for. */
export interface HandoverOutcome {
  request: HandoverRequestDto;
  kind: 'handed-over' | 'declined';
  reason: string;
}

/** An administrator emptied a line this tab waited in. */
export interface LineCleared {
  entityType: LockEntityType;
  entityId: number;
  by: string;
}

/**
 * The negotiation around locks (docs/product.md § Locks): open handover requests and every
 * record's line with its offer, from `GET /api/locks/negotiations` (after each hello) and the
 * live lock events. Asks, answers, joins and leaves through the API; leaves its lines and
 * withdraws its requests by beacon when the page goes away.
 */
@Injectable({ providedIn: 'root' })
export class LockNegotiationStore {
  private readonly http = inject(HttpClient);
  private readonly sse = inject(SseService);
  private readonly locks = inject(LockStore);
  private readonly clientId = inject(CLIENT_ID);
  private readonly window = inject(DOCUMENT).defaultView;

  private readonly requestsSubject = new BehaviorSubject<ReadonlyMap<LockKey, HandoverRequestDto>>(new Map());
  private readonly linesSubject = new BehaviorSubject<ReadonlyMap<LockKey, LockLineDto>>(new Map());
  private readonly outcomeSubject = new Subject<HandoverOutcome>();
  private readonly clearedSubject = new Subject<LineCleared>();

  readonly requests$ = this.requestsSubject.asObservable();
  readonly lines$ = this.linesSubject.asObservable();
  /** Requests addressed to a lock this tab holds: the holder's prompt. */
  readonly incomingRequests$: Observable<HandoverRequestDto[]> = this.requests$.pipe(
    map((requests) => [...requests.values()].filter((r) => r.holderClientId === this.clientId)),
  );
  /** Offers to this tab: "it's your turn". */
  readonly myOffers$: Observable<LockOfferDto[]> = this.lines$.pipe(
    map((lines) =>
      [...lines.values()].flatMap((line) => (line.offer && line.offer.clientId === this.clientId ? [line.offer] : [])),
    ),
  );
  /** How this tab's own handover requests ended. */
  readonly outcomes$: Observable<HandoverOutcome> = this.outcomeSubject.asObservable();
  readonly linesCleared$: Observable<LineCleared> = this.clearedSubject.asObservable();

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.sse.lockEvents.pipe(takeUntilDestroyed(destroyRef)).subscribe((event) => this.applyEvent(event));
    this.sse.hello$.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => this.load());
    this.window?.addEventListener('pagehide', this.leaveAllByBeacon);
    destroyRef.onDestroy(() => this.window?.removeEventListener('pagehide', this.leaveAllByBeacon));
  }

  line$(entityType: LockEntityType, entityId: number): Observable<LockLineDto | null> {
    const key = lockKey(entityType, entityId);
    return this.lines$.pipe(
      map((lines) => lines.get(key) ?? null),
      distinctUntilChanged(),
    );
  }

  request$(entityType: LockEntityType, entityId: number): Observable<HandoverRequestDto | null> {
    const key = lockKey(entityType, entityId);
    return this.requests$.pipe(
      map((requests) => requests.get(key) ?? null),
      distinctUntilChanged(),
    );
  }

  /** This tab's 1-based place in the line, or null. */
  positionOf(line: LockLineDto | null): number | null {
    const index = line?.waiting.findIndex((w) => w.clientId === this.clientId) ?? -1;
    return index < 0 ? null : index + 1;
  }

  isMyOffer(offer: LockOfferDto | null): boolean {
    return offer?.clientId === this.clientId;
  }

  isMyRequest(request: HandoverRequestDto | null): boolean {
    return request?.requesterClientId === this.clientId;
  }

  /** Reloads requests and lines (after a hello: the events since are applied on top). */
  load(): void {
    this.http.get<LockNegotiationsDto>(`${BASE}/negotiations`, { context: handlesErrorsItself() }).subscribe({
      next: ({ lines, requests }) => {
        this.requestsSubject.next(new Map(requests.map((r) => [lockKey(r.entityType, r.entityId), r] as const)));
        this.linesSubject.next(new Map(lines.map((l) => [lockKey(l.entityType, l.entityId), l] as const)));
      },
      error: () => undefined, // The live events still arrive; the next hello loads again.
    });
  }

  /** Asks the holder; resolves to the lock when it passed at once (the holder was idle). */
  requestHandover(entityType: LockEntityType, entityId: number, message: string): Observable<LockDto | null> {
    const body = { ...this.ref(entityType, entityId), ...(message.trim() ? { message: message.trim() } : {}) };
    return this.http.post<HandoverRequestResponse>(`${BASE}/handover/request`, body).pipe(
      tap(({ request, lock }) => {
        if (request) this.setRequest(request);
        if (lock) this.locks.applyLock(lock);
      }),
      map(({ lock }) => lock),
    );
  }

  /** The holder hands over (after saving or discarding the unsaved changes). */
  accept(entityType: LockEntityType, entityId: number): Observable<LockDto> {
    return this.http.post<LockResponse>(`${BASE}/handover/accept`, this.ref(entityType, entityId)).pipe(
      tap(({ lock }) => {
        this.deleteRequest(lockKey(entityType, entityId));
        this.locks.applyLock(lock);
      }),
      map(({ lock }) => lock),
    );
  }

  decline(entityType: LockEntityType, entityId: number): Observable<void> {
    return this.http
      .post<void>(`${BASE}/handover/decline`, this.ref(entityType, entityId))
      .pipe(tap(() => this.deleteRequest(lockKey(entityType, entityId))));
  }

  withdraw(entityType: LockEntityType, entityId: number): Observable<void> {
    return this.http
      .post<void>(`${BASE}/handover/withdraw`, this.ref(entityType, entityId))
      .pipe(tap(() => this.deleteRequest(lockKey(entityType, entityId))));
  }

  join(entityType: LockEntityType, entityId: number): Observable<LockLineDto> {
    return this.http.post<LockLineResponse>(`${BASE}/queue/join`, this.ref(entityType, entityId)).pipe(
      tap(({ line }) => this.setLine(line)),
      map(({ line }) => line),
    );
  }

  leave(entityType: LockEntityType, entityId: number): Observable<void> {
    return this.http.post<void>(`${BASE}/queue/leave`, this.ref(entityType, entityId));
  }

  /** Input in the holder's tab (the handover's idle rule); failures are harmless (the lock may be gone). */
  reportActivity(entityType: LockEntityType, entityId: number): void {
    this.http
      .post<void>(`${BASE}/activity`, this.ref(entityType, entityId), { context: handlesErrorsItself() })
      .subscribe({ error: () => undefined });
  }

  /** Forgets all state (logout / session end). */
  reset(): void {
    this.requestsSubject.next(new Map());
    this.linesSubject.next(new Map());
  }

  applyEvent(event: LockEnvelope): void {
    switch (event.type) {
      case 'lock:handover-requested':
        return this.setRequest(event.data.request);
      case 'lock:handover-declined': {
        const { request, reason } = event.data;
        this.deleteRequest(lockKey(request.entityType, request.entityId));
        if (request.requesterClientId === this.clientId && event.clientId !== this.clientId) {
          this.outcomeSubject.next({ request, kind: 'declined', reason });
        }
        return;
      }
      case 'lock:handed-over': {
        const { request, reason } = event.data;
        this.deleteRequest(lockKey(request.entityType, request.entityId));
        if (request.requesterClientId === this.clientId)
          this.outcomeSubject.next({ request, kind: 'handed-over', reason });
        return;
      }
      case 'lock:queue-changed': {
        const { line, clearedBy } = event.data;
        const key = lockKey(line.entityType, line.entityId);
        const wasWaiting = this.positionOf(this.linesSubject.value.get(key) ?? null) !== null;
        this.setLine(line);
        if (clearedBy && wasWaiting) {
          this.clearedSubject.next({ entityType: line.entityType, entityId: line.entityId, by: clearedBy.displayName });
        }
        return;
      }
      case 'lock:offered': {
        const { offer } = event.data;
        const key = lockKey(offer.entityType, offer.entityId);
        const line = this.linesSubject.value.get(key);
        return this.setLine({
          entityType: offer.entityType,
          entityId: offer.entityId,
          waiting: line?.waiting ?? [],
          offer,
        });
      }
      default:
        return;
    }
  }

  /** On page hide: leave every line and withdraw every request of this tab (a beacon survives the page). */
  readonly leaveAllByBeacon = (): void => {
    const navigator = this.window?.navigator;
    if (!navigator || typeof navigator.sendBeacon !== 'function') return;
    const send = (path: string, entityType: LockEntityType, entityId: number) =>
      navigator.sendBeacon(
        `${BASE}/${path}`,
        new Blob([JSON.stringify(this.ref(entityType, entityId))], { type: 'text/plain;charset=UTF-8' }),
      );
    for (const line of this.linesSubject.value.values()) {
      const isMine = this.positionOf(line) !== null || line.offer?.clientId === this.clientId;
      if (isMine) send('queue/leave', line.entityType, line.entityId);
    }
    for (const request of this.requestsSubject.value.values()) {
      if (this.isMyRequest(request)) send('handover/withdraw', request.entityType, request.entityId);
    }
  };

  private setRequest(request: HandoverRequestDto): void {
    const next = new Map(this.requestsSubject.value);
    next.set(lockKey(request.entityType, request.entityId), request);
    this.requestsSubject.next(next);
  }

  private deleteRequest(key: LockKey): void {
    if (!this.requestsSubject.value.has(key)) return;
    const next = new Map(this.requestsSubject.value);
    next.delete(key);
    this.requestsSubject.next(next);
  }

  private setLine(line: LockLineDto): void {
    const next = new Map(this.linesSubject.value);
    const key = lockKey(line.entityType, line.entityId);
    if (line.waiting.length === 0 && !line.offer) next.delete(key);
    else next.set(key, line);
    this.linesSubject.next(next);
  }

  private ref(entityType: LockEntityType, entityId: number): LockRefRequest {
    return { entityType, entityId, clientId: this.clientId };
  }
}
