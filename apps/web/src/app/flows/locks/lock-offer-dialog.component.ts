import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import type { LockOfferDto } from '@tdgen/contracts';
import { countdownTo, formatSeconds } from './countdown';

export interface LockOfferDialogData {
  offer: LockOfferDto;
  recordLabel: string;
}

export type LockOfferChoice = 'take' | 'pass';

/** "It's your turn": the record this tab waited for is reserved for it for a short while (docs/product.md § Locks). */
@Component({
  selector: 'td-lock-offer-dialog',
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>Your turn</h2>
    <mat-dialog-content data-testid="lock-offer">
      <p>
        {{ data.recordLabel }} is free. It is reserved for you for
        <strong data-testid="lock-offer-countdown">{{ format(secondsLeft()) }}</strong
        >; then the next in line gets it.
      </p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close="pass" data-testid="lock-offer-pass">Pass</button>
      <button mat-flat-button mat-dialog-close="take" data-testid="lock-offer-take">Edit now</button>
    </mat-dialog-actions>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LockOfferDialogComponent {
  protected readonly data = inject<LockOfferDialogData>(MAT_DIALOG_DATA);
  protected readonly secondsLeft = countdownTo(() => this.data.offer.expiresAt);
  protected readonly format = formatSeconds;
}
