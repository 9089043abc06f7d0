import { Injectable, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ConnectionState, SseService } from './sse/sse.service';

/** Why changes are paused, in the words the banner and disabled controls use. */
const PAUSED_REASONS: Record<Exclude<ConnectionState, 'live'>, string> = {
  reconnecting: 'Reconnecting — changes are paused until the connection is back.',
  offline: 'Offline — changes are paused until the server can be reached again.',
};

/**
 * Whether this tab may change anything now. Changes need a live connection: without the event
 * stream the tab neither sees others' changes nor its lock being taken over, and a request sent
 * into a dead network fails anyway. The one source for the "not live" banner and for every
 * control that mutates (disabled with `pausedReason` as its explanation).
 */
@Injectable({ providedIn: 'root' })
export class ConnectivityService {
  private readonly state = toSignal(inject(SseService).connectionState, { initialValue: 'offline' });

  readonly isLive = computed(() => this.state() === 'live');
  /** One sentence saying why changes are paused; null while live. */
  readonly pausedReason = computed(() => {
    const state = this.state();
    return state === 'live' ? null : PAUSED_REASONS[state];
  });
}
