import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import type { LockEntityType } from '@tdgen/contracts';
import { combineLatest, switchMap } from 'rxjs';
import { LockNegotiationStore } from '../../stores/lock-negotiation.store';
import { LockStore } from '../../stores/lock.store';
import { countdownTo, formatSeconds } from './countdown';

/**
 * Where a record's negotiation stands, above its form (docs/product.md § Locks): for the holder
 * "2 people are waiting"; for a waiter their place and "Leave the line"; for a requester the
 * holder's time to answer and "Withdraw"; for everyone else whom a free record is reserved for.
 */
@Component({
  selector: 'td-lock-line-status',
  imports: [MatButtonModule],
  template: `
    @if (state(); as s) {
      @if (s.isHolder && s.waitingCount > 0) {
        <div class="line" role="status" data-testid="lock-line-waiting">
          {{ s.waitingCount === 1 ? '1 person is waiting' : s.waitingCount + ' people are waiting' }} for this record.
        </div>
      }
      @if (s.position !== null) {
        <div class="line" role="status" data-testid="lock-line-position">
          <span>You are number {{ s.position }} in line.</span>
          <button mat-button (click)="leave()" data-testid="lock-line-leave">Leave the line</button>
        </div>
      }
      @if (s.myRequest) {
        <div class="line" role="status" data-testid="lock-line-request">
          <span>
            Waiting for {{ s.myRequest.holder.displayName }} to answer — passes to you in
            {{ format(requestSecondsLeft()) }} unless they keep editing.
          </span>
          <button mat-button (click)="withdraw()" data-testid="lock-line-withdraw">Withdraw</button>
        </div>
      }
      @if (s.offeredTo) {
        <div class="line" role="status" data-testid="lock-line-offered">
          Reserved for {{ s.offeredTo }}, who was waiting.
        </div>
      }
    }
  `,
  styles: `
    .line {
      display: flex;
      align-items: center;
      gap: 8px;
      min-height: 36px;
      padding: 0 4px 0 12px;
      margin-bottom: 8px;
      border-radius: 8px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);

      span {
        flex: 1 1 auto;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LockLineStatusComponent {
  readonly entityType = input.required<LockEntityType>();
  readonly entityId = input.required<number>();

  private readonly locks = inject(LockStore);
  private readonly negotiation = inject(LockNegotiationStore);
  private readonly record = computed(() => ({ type: this.entityType(), id: this.entityId() }));

  private readonly raw = toSignal(
    toObservable(this.record).pipe(
      switchMap(({ type, id }) =>
        combineLatest([
          this.locks.lock$(type, id),
          this.negotiation.line$(type, id),
          this.negotiation.request$(type, id),
        ]),
      ),
    ),
    { initialValue: [null, null, null] as const },
  );
  protected readonly state = computed(() => {
    const [lock, line, request] = this.raw();
    const offer = line?.offer ?? null;
    return {
      isHolder: this.locks.isMine(lock),
      waitingCount: (line?.waiting.length ?? 0) + (offer ? 1 : 0),
      position: this.negotiation.positionOf(line),
      myRequest: this.negotiation.isMyRequest(request) ? request : null,
      offeredTo: offer && !lock && !this.negotiation.isMyOffer(offer) ? offer.user.displayName : null,
    };
  });
  protected readonly requestSecondsLeft = countdownTo(() => this.raw()[2]?.decideBy);
  protected readonly format = formatSeconds;

  protected leave(): void {
    this.negotiation.leave(this.entityType(), this.entityId()).subscribe();
  }

  protected withdraw(): void {
    this.negotiation.withdraw(this.entityType(), this.entityId()).subscribe();
  }
}
