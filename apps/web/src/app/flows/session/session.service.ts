import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { SessionUser } from '@tdgen/contracts';
import { ROUTES } from '@tdgen/contracts';
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
      this.workspace.closedRemotely$.subscribe((description) => {
        const by = description?.deletedBy?.displayName ?? $localize`someone else`;
        this.notifications.important(
          description
            ? $localize`"${description.title}:title:" was deleted by ${by}:name: and has been closed.`
            : $localize`The open job description was deleted permanently and has been closed.`,
        );
      }),
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
    const title = store.get(lock.entityId)?.title ?? `#${lock.entityId}`;
    const isTask = lock.entityType === 'JobTask';
    const consequence = $localize`It is read-only now; your unsaved changes stay in the form — take the lock again to save them.`;
    // Whole sentences per record type: German declines "job task"/"job description" differently per sentence.
    switch (reason) {
      case 'broken': {
        const admin = by?.displayName ?? $localize`An admin`;
        const sentence = message
          ? isTask
            ? $localize`${admin}:admin: broke your lock on the job task "${title}:title:" ("${message}:reason:").`
            : $localize`${admin}:admin: broke your lock on the job description "${title}:title:" ("${message}:reason:").`
          : isTask
            ? $localize`${admin}:admin: broke your lock on the job task "${title}:title:".`
            : $localize`${admin}:admin: broke your lock on the job description "${title}:title:".`;
        return `${sentence} ${consequence}`;
      }
      case 'taken-over': {
        if (by && by.id === this.auth.currentUser?.id) {
          return `${
            isTask
              ? $localize`You took over the job task "${title}:title:" in another tab.`
              : $localize`You took over the job description "${title}:title:" in another tab.`
          } ${consequence}`;
        }
        const other = by?.displayName ?? $localize`Someone else`;
        return `${
          isTask
            ? $localize`${other}:holder: took over the job task "${title}:title:".`
            : $localize`${other}:holder: took over the job description "${title}:title:".`
        } ${consequence}`;
      }
      case 'expired':
        return `${
          isTask
            ? $localize`Your lock on the job task "${title}:title:" expired.`
            : $localize`Your lock on the job description "${title}:title:" expired.`
        } ${consequence}`;
      case 'released':
        return `${
          isTask
            ? $localize`Your lock on the job task "${title}:title:" was released elsewhere.`
            : $localize`Your lock on the job description "${title}:title:" was released elsewhere.`
        } ${consequence}`;
      case 'handed-over': {
        const requester = by?.displayName ?? $localize`someone else`;
        const sentence =
          message === 'idle'
            ? isTask
              ? $localize`Your lock on the job task "${title}:title:" passed to ${requester}:requester:, who asked for it (this tab was idle).`
              : $localize`Your lock on the job description "${title}:title:" passed to ${requester}:requester:, who asked for it (this tab was idle).`
            : isTask
              ? $localize`Your lock on the job task "${title}:title:" passed to ${requester}:requester:, who asked for it (no answer in time).`
              : $localize`Your lock on the job description "${title}:title:" passed to ${requester}:requester:, who asked for it (no answer in time).`;
        return `${sentence} ${consequence}`;
      }
    }
  }
}
