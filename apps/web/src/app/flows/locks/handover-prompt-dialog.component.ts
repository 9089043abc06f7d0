import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import type { HandoverRequestDto } from '@tdgen/contracts';
import { countdownTo, formatSeconds } from './countdown';

export interface HandoverPromptDialogData {
  request: HandoverRequestDto;
  /** e.g. `the job task "Filing"` */
  recordLabel: string;
  hasUnsavedChanges: boolean;
}

/** Save and hand over, discard and hand over, or keep editing. */
export type HandoverPromptChoice = 'hand-over' | 'discard' | 'keep';

/**
 * The holder's prompt when someone asks for their lock (docs/product.md § Locks): who asks, their
 * message and the time left before the lock passes by itself unless the holder keeps editing.
 */
@Component({
  selector: 'td-handover-prompt-dialog',
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>{{ data.request.requester.displayName }} asks for {{ data.recordLabel }}</h2>
    <mat-dialog-content data-testid="handover-prompt">
      @if (data.request.message) {
        <blockquote class="prompt__message" data-testid="handover-prompt-message">
          {{ data.request.message }}
        </blockquote>
      }
      <p>
        Hand it over now, or keep editing. Without an answer it passes to them in
        <strong data-testid="handover-prompt-countdown">{{ format(secondsLeft()) }}</strong>
        unless you keep working on it.
      </p>
      @if (data.hasUnsavedChanges) {
        <p>You have unsaved changes: they are saved before the handover, unless you discard them.</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close="keep" data-testid="handover-keep">Keep editing</button>
      @if (data.hasUnsavedChanges) {
        <button mat-button mat-dialog-close="discard" data-testid="handover-discard">Discard and hand over</button>
      }
      <button mat-flat-button mat-dialog-close="hand-over" data-testid="handover-accept">
        {{ data.hasUnsavedChanges ? 'Save and hand over' : 'Hand over' }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .prompt__message {
      margin: 0 0 12px;
      padding: 8px 12px;
      border-left: 3px solid var(--mat-sys-primary);
      white-space: pre-wrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HandoverPromptDialogComponent {
  protected readonly data = inject<HandoverPromptDialogData>(MAT_DIALOG_DATA);
  protected readonly secondsLeft = countdownTo(() => this.data.request.decideBy);
  protected readonly format = formatSeconds;
}
