import { HttpClient } from '@angular/common/http';
import { DestroyRef, Injectable, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type {
  HelloEventData,
  JobDescriptionDto,
  PresenceEntry,
  PresenceEnvelope,
  SetPresenceRequest,
  UserRef,
} from '@tdgen/contracts';
import { ROUTES } from '@tdgen/contracts';
import {
  BehaviorSubject,
  Observable,
  Subject,
  combineLatest,
  distinctUntilChanged,
  map,
  of,
  shareReplay,
  switchMap,
  tap,
  throwError,
} from 'rxjs';
import { apiUrl } from '../core/api-url';
import { CurrentUserService } from '../core/auth/current-user.service';
import { CLIENT_ID } from '../core/client-id';
import { httpStatusOf } from '../core/http/api-error';
import { handlesErrorsItself } from '../core/http/http-context';
import { NotificationService } from '../core/notification.service';
import { SseService } from '../core/sse/sse.service';
import { JobDescriptionsStore } from './job-descriptions.store';
import { LockStore } from './lock.store';
import { compareText } from '../core/collation';

const OPEN_DESCRIPTION_KEY = 'tdgen.openDescriptionId';
const RECENT_DESCRIPTIONS_KEY = 'tdgen.recentDescriptionIds';
/** How many recently opened descriptions the picker lists first. */
export const RECENT_DESCRIPTIONS_MAX = 8;

/**
 * The description open in this tab's workspace, and who else has which description open
 * (docs/product.md § Presence).
 */
@Injectable({ providedIn: 'root' })
export class CurrentWorkspaceStore {
  private readonly http = inject(HttpClient);
  private readonly sse = inject(SseService);
  private readonly descriptions = inject(JobDescriptionsStore);
  private readonly locks = inject(LockStore);
  private readonly auth = inject(CurrentUserService);
  private readonly notifications = inject(NotificationService);
  private readonly clientId = inject(CLIENT_ID);

  private readonly openIdSubject = new BehaviorSubject<number | null>(null);
  private readonly presenceSubject = new BehaviorSubject<readonly PresenceEntry[]>([]);
  private readonly closedRemotelySubject = new Subject<JobDescriptionDto | null>();
  private readonly recentIdsSubject = new BehaviorSubject<readonly number[]>(readRecentIds());
  private presenceFloor = 0;

  readonly openDescriptionId$: Observable<number | null> = this.openIdSubject.pipe(distinctUntilChanged());
  /** The open description, live from the descriptions store; null when none is open. */
  readonly description$: Observable<JobDescriptionDto | null> = combineLatest([
    this.openDescriptionId$,
    this.descriptions.descriptionsById$,
  ]).pipe(
    map(([id, byId]) => (id === null ? null : (byId.get(id) ?? null))),
    distinctUntilChanged(),
    shareReplay({ bufferSize: 1, refCount: false }),
  );
  readonly presence$: Observable<readonly PresenceEntry[]> = this.presenceSubject.asObservable();
  /** Descriptions this browser opened, most recent first (kept across sessions in localStorage). */
  readonly recentIds$: Observable<readonly number[]> = this.recentIdsSubject.asObservable();
  /** Everyone else who has the open description open, one entry per user. */
  readonly viewers$: Observable<UserRef[]> = combineLatest([
    this.openDescriptionId$,
    this.presence$,
    this.auth.user$,
  ]).pipe(map(([id, presence, me]) => (id === null ? [] : viewersOf(presence, id, me?.id ?? null))));
  /** True while this tab holds the open description's lock. */
  readonly canEdit$: Observable<boolean> = this.openDescriptionId$.pipe(
    switchMap((id) => (id === null ? of(false) : this.locks.isHeldByMe$('JobDescription', id))),
    distinctUntilChanged(),
  );
  /** The open description was deleted by someone else and has been closed here. */
  readonly closedRemotely$: Observable<JobDescriptionDto | null> = this.closedRemotelySubject.asObservable();

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.sse.userPresenceEvents
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe((event) => this.applyPresenceEvent(event));
    this.sse.hello$.pipe(takeUntilDestroyed(destroyRef)).subscribe((hello) => this.applyHello(hello));
    this.descriptions.descriptionsById$.pipe(takeUntilDestroyed(destroyRef)).subscribe((byId) => {
      const id = this.openIdSubject.value;
      if (id === null) return;
      const open = byId.get(id);
      if (!open || open.deletedAt) this.closeBecauseGone(open ?? null);
    });
  }

  get openDescriptionId(): number | null {
    return this.openIdSubject.value;
  }

  /** Opens a description in the workspace (fetching it fresh); the lock is the caller's next step. */
  open(id: number): Observable<JobDescriptionDto> {
    return this.descriptions.fetch(id).pipe(
      switchMap((description) =>
        description.deletedAt
          ? throwError(() => new Error(`"${description.title}" is deleted and cannot be opened.`))
          : of(description),
      ),
      tap(() => {
        const previous = this.openIdSubject.value;
        if (previous !== null && previous !== id) this.locks.release('JobDescription', previous).subscribe();
        this.setOpenId(id);
        this.postPresence(id);
        this.rememberRecent(id);
      }),
    );
  }

  /** Closes the workspace: releases its lock and leaves its presence. */
  close(): void {
    const id = this.openIdSubject.value;
    if (id === null) return;
    this.locks.release('JobDescription', id).subscribe();
    this.setOpenId(null);
    this.postPresence(null);
  }

  /** The description this tab had open before a reload, if any. */
  storedOpenId(): number | null {
    try {
      const stored = Number(sessionStorage.getItem(OPEN_DESCRIPTION_KEY));
      return Number.isInteger(stored) && stored > 0 ? stored : null;
    } catch {
      return null;
    }
  }

  /** An explicit logout: the next sign-in in this tab starts with an empty workspace. */
  forgetStoredDescription(): void {
    try {
      sessionStorage.removeItem(OPEN_DESCRIPTION_KEY);
    } catch {
      // Nothing stored without storage.
    }
  }

  /** Forgets the session's state; the stored id survives so a re-login after a lost session returns to it. */
  reset(): void {
    this.openIdSubject.next(null);
    this.presenceSubject.next([]);
    this.presenceFloor = 0;
  }

  applyHello(hello: HelloEventData): void {
    this.presenceFloor = hello.lastEventId;
    this.presenceSubject.next(hello.presence);
    // A new connection has no presence on the server: join again (docs/product.md § Presence).
    const id = this.openIdSubject.value;
    if (id !== null) this.postPresence(id);
  }

  applyPresenceEvent(event: PresenceEnvelope): void {
    if (event.id > 0 && event.id <= this.presenceFloor) return;
    const { jobDescriptionId, user, clientId } = event.data;
    const others = this.presenceSubject.value.filter(
      (entry) => !(entry.clientId === clientId && entry.jobDescriptionId === jobDescriptionId),
    );
    this.presenceSubject.next(
      event.type === 'user:joined-workspace' ? [...others, { jobDescriptionId, user, clientId }] : others,
    );
  }

  private rememberRecent(id: number): void {
    const recent = [id, ...this.recentIdsSubject.value.filter((other) => other !== id)].slice(
      0,
      RECENT_DESCRIPTIONS_MAX,
    );
    this.recentIdsSubject.next(recent);
    try {
      localStorage.setItem(RECENT_DESCRIPTIONS_KEY, JSON.stringify(recent));
    } catch {
      // Without storage the list lasts as long as the tab.
    }
  }

  private closeBecauseGone(description: JobDescriptionDto | null): void {
    this.setOpenId(null);
    this.postPresence(null);
    this.closedRemotelySubject.next(description);
  }

  private setOpenId(id: number | null): void {
    this.openIdSubject.next(id);
    try {
      if (id === null) sessionStorage.removeItem(OPEN_DESCRIPTION_KEY);
      else sessionStorage.setItem(OPEN_DESCRIPTION_KEY, String(id));
    } catch {
      // Without storage a reload simply starts with an empty workspace.
    }
  }

  private postPresence(jobDescriptionId: number | null): void {
    const body: SetPresenceRequest = { clientId: this.clientId, jobDescriptionId };
    // Presence is best effort: network failures are repaired by the next hello; refusals are shown.
    this.http.post<void>(apiUrl(ROUTES.events, 'presence'), body, { context: handlesErrorsItself() }).subscribe({
      error: (error: unknown) => {
        const status = httpStatusOf(error) ?? 0;
        if (status >= 400 && status < 500 && status !== 401 && status !== 404) {
          this.notifications.error(error, $localize`Could not update who sees this description`);
        }
      },
    });
  }
}

export function viewersOf(
  presence: readonly PresenceEntry[],
  jobDescriptionId: number,
  myUserId: number | null,
): UserRef[] {
  const users = new Map<number, UserRef>();
  for (const entry of presence) {
    if (entry.jobDescriptionId === jobDescriptionId && entry.user.id !== myUserId) users.set(entry.user.id, entry.user);
  }
  return [...users.values()].sort((a, b) => compareText(a.displayName, b.displayName));
}

function readRecentIds(): number[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(RECENT_DESCRIPTIONS_KEY) ?? '[]');
    return Array.isArray(stored) ? stored.filter((id): id is number => Number.isInteger(id) && id > 0) : [];
  } catch {
    return [];
  }
}
