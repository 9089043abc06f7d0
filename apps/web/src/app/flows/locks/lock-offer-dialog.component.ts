import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import type { LockEntityType, LockOfferDto } from '@tdgen/contracts';
import { countdownTo, formatSeconds } from './countdown';

export interface LockOfferDialogData {
  offer: LockOfferDto;
  /** The record offered: its type and title (each sentence is written whole per type). */
  entityType: LockEntityType;
  recordTitle: string;
}

export type LockOfferChoice = 'take' | 'pass';

/** "It's your turn": the record this tab waited for is reserved for it for a short while (docs/product.md § Locks). */
@Component({
  selector: 'td-lock-offer-dialog',
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title i18n>Your turn</h2>
    <mat-dialog-content data-testid="lock-offer">
      @let kind = data.entityType === 'JobTask' ? 'task' : 'description';
      @let title = data.recordTitle;
      @let countdown = format(secondsLeft());
      <p i18n>
        {kind, select, task {The job task} other {The job description}} "{{ title }}" is free. It is reserved for you
        for <strong data-testid="lock-offer-countdown">{{ countdown }}</strong
        >; then the next in line gets it.
      </p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close="pass" data-testid="lock-offer-pass" i18n>Pass</button>
      <button mat-flat-button mat-dialog-close="take" data-testid="lock-offer-take" i18n>Edit now</button>
    </mat-dialog-actions>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LockOfferDialogComponent {
  protected readonly data = inject<LockOfferDialogData>(MAT_DIALOG_DATA);
  protected readonly secondsLeft = countdownTo(() => this.data.offer.expiresAt);
  protected readonly format = formatSeconds;
}
