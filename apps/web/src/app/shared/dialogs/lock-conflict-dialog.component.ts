import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import type { LockDto, LockOfferDto } from '@tdgen/contracts';

export interface LockConflictDialogData {
  /** What the user tried to edit, e.g. `the job task "Filing"`. */
  recordLabel: string;
  lock: LockDto | null;
  isHeldBySelfElsewhere: boolean;
  isAdmin: boolean;
  /** The record is free but reserved for the first in its line. */
  offer?: LockOfferDto | null;
}

export type LockConflictChoice = 'read-only' | 'take-over' | 'break' | 'ask-handover' | 'notify-me';

/** Shown when a record is locked by someone else (docs/product.md § Locks); closes with the user's choice. */
@Component({
  selector: 'td-lock-conflict-dialog',
  imports: [DatePipe, MatButtonModule, MatDialogModule, MatIconModule],
  template: `
    <h2 mat-dialog-title><mat-icon class="conflict__icon" svgIcon="lock"></mat-icon> Locked</h2>
    <mat-dialog-content data-testid="lock-conflict-dialog">
      @if (data.isHeldBySelfElsewhere) {
        <p data-testid="lock-conflict-holder">
          You are already editing {{ data.recordLabel }} in another tab or window
          @if (data.lock) {
            (since {{ data.lock.acquiredAt | date: 'shortTime' }})
          }
          .
        </p>
        <p>Take over to edit here; the other tab then becomes read-only.</p>
      } @else if (data.lock) {
        <p data-testid="lock-conflict-holder">
          <strong>{{ data.lock.holder.displayName }}</strong> is editing {{ data.recordLabel }} since
          {{ data.lock.acquiredAt | date: 'short' }}.
        </p>
        <p>You can view it read-only until they are done.</p>
      } @else if (data.offer) {
        <p data-testid="lock-conflict-holder">
          {{ data.recordLabel }} is reserved for <strong>{{ data.offer.user.displayName }}</strong
          >, who was waiting, until {{ data.offer.expiresAt | date: 'mediumTime' }}.
        </p>
      } @else {
        <p data-testid="lock-conflict-holder">Someone else is editing {{ data.recordLabel }}.</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close="read-only" data-testid="lock-conflict-read-only">View read-only</button>
      @if (data.isHeldBySelfElsewhere) {
        <button mat-flat-button mat-dialog-close="take-over" data-testid="lock-conflict-take-over">Take over</button>
      }
      @if (!data.isHeldBySelfElsewhere && (data.lock || data.offer)) {
        <button mat-button mat-dialog-close="notify-me" data-testid="lock-conflict-notify-me">
          Notify me when free
        </button>
      }
      @if (!data.isHeldBySelfElsewhere && data.lock) {
        <button mat-flat-button mat-dialog-close="ask-handover" data-testid="lock-conflict-ask">
          Ask {{ data.lock.holder.displayName }} to hand over
        </button>
      }
      @if (data.isAdmin && !data.isHeldBySelfElsewhere && data.lock) {
        <button mat-flat-button mat-dialog-close="break" data-testid="lock-conflict-break">Break lock</button>
      }
    </mat-dialog-actions>
  `,
  styles: `
    .conflict__icon {
      vertical-align: middle;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LockConflictDialogComponent {
  protected readonly data = inject<LockConflictDialogData>(MAT_DIALOG_DATA);
}
