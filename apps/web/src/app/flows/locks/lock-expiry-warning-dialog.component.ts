import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import type { LockDto, LockEntityType } from '@tdgen/contracts';
import { countdownTo, formatSeconds } from './countdown';

export interface LockExpiryWarningDialogData {
  lock: LockDto;
  /** The record locked: its type and title (each sentence is written whole per type). */
  entityType: LockEntityType;
  recordTitle: string;
}

/**
 * Shown to an idle tab shortly before its lock runs out (docs/product.md § Locks): one click keeps
 * it. Closes with true for "Keep editing".
 */
@Component({
  selector: 'td-lock-expiry-warning-dialog',
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title i18n>Still editing?</h2>
    <mat-dialog-content data-testid="lock-expiry-warning">
      @let kind = data.entityType === 'JobTask' ? 'task' : 'description';
      @let title = data.recordTitle;
      @let countdown = format(secondsLeft());
      <p i18n>
        Your lock on {kind, select, task {the job task} other {the job description}} "{{ title }}" ends in
        <strong data-testid="lock-expiry-countdown">{{ countdown }}</strong> — keep editing?
      </p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button [mat-dialog-close]="false" i18n>Not now</button>
      <button mat-flat-button [mat-dialog-close]="true" data-testid="lock-expiry-keep" i18n>Keep editing</button>
    </mat-dialog-actions>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LockExpiryWarningDialogComponent {
  protected readonly data = inject<LockExpiryWarningDialogData>(MAT_DIALOG_DATA);
  protected readonly secondsLeft = countdownTo(() => this.data.lock.expiresAt);
  protected readonly format = formatSeconds;
}
