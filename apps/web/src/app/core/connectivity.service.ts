import { Injectable, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { CurrentUserService } from './auth/current-user.service';
import { ServerAvailabilityService } from './http/server-availability.service';
import { ConnectionState, SseService } from './sse/sse.service';

/** Why changes are paused, in the words the banner and disabled controls use. */
const PAUSED_REASONS: Record<Exclude<ConnectionState, 'live'>, string> = {
  reconnecting: $localize`Reconnecting — changes are paused until the connection is back.`,
  offline: $localize`Offline — changes are paused until the server can be reached again.`,
};
export const SERVER_UNAVAILABLE_REASON = $localize`The server is unavailable at the moment — changes are paused until it answers.`;

/**
 * Whether this tab may change anything now, and the one banner that says why not. Changes need a
 * live connection: without the event stream the tab neither sees others' changes nor its lock
 * being taken over, and a request into a dead network or to an unavailable server fails anyway.
 * Every control that mutates is disabled with `pausedReason` as its explanation.
 */
@Injectable({ providedIn: 'root' })
export class ConnectivityService {
  private readonly state = toSignal(inject(SseService).connectionState, { initialValue: 'offline' });
  private readonly isServerUnavailable = toSignal(inject(ServerAvailabilityService).isUnavailable$, {
    initialValue: false,
  });
  private readonly isSignedIn = toSignal(inject(CurrentUserService).user$, { initialValue: null });

  /** One sentence saying why changes are paused; null while they are possible. */
  readonly pausedReason = computed(() => {
    if (this.isServerUnavailable()) return SERVER_UNAVAILABLE_REASON;
    const state = this.state();
    return state === 'live' ? null : PAUSED_REASONS[state];
  });
  readonly isLive = computed(() => this.pausedReason() === null);
  /** What the banner says: an unavailable server on any page; a stream that is not live once signed in. */
  readonly banner = computed(() => {
    if (this.isServerUnavailable()) return { kind: 'server-unavailable', text: SERVER_UNAVAILABLE_REASON } as const;
    const reason = this.pausedReason();
    return reason && this.isSignedIn() ? ({ kind: 'connection', text: reason } as const) : null;
  });
}
