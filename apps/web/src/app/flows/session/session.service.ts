import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { SessionUser } from '@tdgen/contracts';
import { RECORD_NAMES, ROUTES } from '@tdgen/contracts';
import { EMPTY, Subscription, catchError, exhaustMap, throttleTime } from 'rxjs';
import { CurrentWorkspaceStore } from '../../stores/current-workspace.store';
import { JobDescriptionsStore } from '../../stores/job-descriptions.store';
import { JobTasksStore } from '../../stores/job-tasks.store';
import { LockStore, LostLock } from '../../stores/lock.store';
import { LockNegotiationStore } from '../../stores/lock-negotiation.store';
import { apiUrl } from '../../core/api-url';
import { CurrentUserService } from '../../core/auth/current-user.service';
import { NotificationService } from '../../core/notification.service';
import { SseService } from '../../core/sse/sse.service';

/** Minimum spacing of the "is my session still valid?" checks after stream failures. */
const SESSION_CHECK_INTERVAL_MS = 10_000;

/**
 * What runs while a user is signed in: the event stream, lock refresh, and the reactions that span
 * several stores (session end, lost locks, a workspace deleted by someone else).
 */
@Injectable({ providedIn: 'root' })
export class SessionService {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(CurrentUserService);
  private readonly sse = inject(SseService);
  private readonly locks = inject(LockStore);
  private readonly negotiation = inject(LockNegotiationStore);
  private readonly tasks = inject(JobTasksStore);
  private readonly descriptions = inject(JobDescriptionsStore);
  private readonly workspace = inject(CurrentWorkspaceStore);
  private readonly notifications = inject(NotificationService);

  private subscriptions: Subscription | null = null;

  start(): void {
    if (this.subscriptions) return;
    const subscriptions = new Subscription();
    this.subscriptions = subscriptions;
    subscriptions.add(this.sse.sessionExpired$.subscribe(() => this.auth.handleSessionExpired()));
    // A failing stream may mean the session is gone (EventSource cannot see the 401): ask /me;
    // the session interceptor turns a 401 into the way back to the login page.
    subscriptions.add(
      this.sse.connectionErrors$
        .pipe(
          throttleTime(SESSION_CHECK_INTERVAL_MS),
          exhaustMap(() => this.http.get<SessionUser>(apiUrl(ROUTES.auth, 'me')).pipe(catchError(() => EMPTY))),
        )
        .subscribe(),
    );
    subscriptions.add(this.locks.lostLocks$.subscribe((lost) => this.notifications.important(this.describeLost(lost))));
    subscriptions.add(
      this.workspace.closedRemotely$.subscribe((description) =>
        this.notifications.important(
          description
            ? `"${description.title}" was deleted by ${description.deletedBy?.displayName ?? 'someone else'} and has been closed.`
            : 'The open job description was deleted permanently and has been closed.',
        ),
      ),
    );
    this.sse.connect();
    this.locks.startAutoRefresh();
  }

  stop(): void {
    this.subscriptions?.unsubscribe();
    this.subscriptions = null;
    this.sse.disconnect();
    this.locks.reset();
    this.negotiation.reset();
    this.workspace.reset();
  }

  describeLost({ lock, reason, by, message }: LostLock): string {
    const store = lock.entityType === 'JobTask' ? this.tasks : this.descriptions;
    const record = `the ${RECORD_NAMES[lock.entityType]} "${store.get(lock.entityId)?.title ?? `#${lock.entityId}`}"`;
    const consequence =
      'It is read-only now; your unsaved changes stay in the form — take the lock again to save them.';
    switch (reason) {
      case 'broken':
        return `${by?.displayName ?? 'An admin'} broke your lock on ${record}${message ? ` ("${message}")` : ''}. ${consequence}`;
      case 'taken-over':
        return by && by.id === this.auth.currentUser?.id
          ? `You took over ${record} in another tab. ${consequence}`
          : `${by?.displayName ?? 'Someone else'} took over ${record}. ${consequence}`;
      case 'expired':
        return `Your lock on ${record} expired. ${consequence}`;
      case 'released':
        return `Your lock on ${record} was released elsewhere. ${consequence}`;
      case 'handed-over':
        return `Your lock on ${record} passed to ${by?.displayName ?? 'someone else'}, who asked for it (${
          message === 'idle' ? 'this tab was idle' : 'no answer in time'
        }). ${consequence}`;
    }
  }
}
