import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import type { LockDto } from '@tdgen/contracts';
import { countdownTo, formatSeconds } from './countdown';

export interface LockExpiryWarningDialogData {
  lock: LockDto;
  recordLabel: string;
}

/**
 * Shown to an idle tab shortly before its lock runs out (docs/product.md § Locks): one click keeps
 * it. Closes with true for "Keep editing".
 */
@Component({
  selector: 'td-lock-expiry-warning-dialog',
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>Still editing?</h2>
    <mat-dialog-content data-testid="lock-expiry-warning">
      <p>
        Your lock on {{ data.recordLabel }} ends in
        <strong data-testid="lock-expiry-countdown">{{ format(secondsLeft()) }}</strong> — keep editing?
      </p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button [mat-dialog-close]="false">Not now</button>
      <button mat-flat-button [mat-dialog-close]="true" data-testid="lock-expiry-keep">Keep editing</button>
    </mat-dialog-actions>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LockExpiryWarningDialogComponent {
  protected readonly data = inject<LockExpiryWarningDialogData>(MAT_DIALOG_DATA);
  protected readonly secondsLeft = countdownTo(() => this.data.lock.expiresAt);
  protected readonly format = formatSeconds;
}
