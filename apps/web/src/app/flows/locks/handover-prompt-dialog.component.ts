import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import type { HandoverRequestDto, LockEntityType } from '@tdgen/contracts';
import { countdownTo, formatSeconds } from './countdown';

export interface HandoverPromptDialogData {
  request: HandoverRequestDto;
  /** The record asked for: its type and title (each sentence is written whole per type). */
  entityType: LockEntityType;
  recordTitle: string;
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
    @let kind = data.entityType === 'JobTask' ? 'task' : 'description';
    @let title = data.recordTitle;
    @let requester = data.request.requester.displayName;
    <h2 mat-dialog-title i18n>
      {{ requester }} asks for {kind, select, task {the job task} other {the job description}} "{{ title }}"
    </h2>
    <mat-dialog-content data-testid="handover-prompt">
      @if (data.request.message) {
        <blockquote class="prompt__message" data-testid="handover-prompt-message">
          {{ data.request.message }}
        </blockquote>
      }
      @let countdown = format(secondsLeft());
      <p i18n>
        Hand it over now, or keep editing. Without an answer it passes to them in
        <strong data-testid="handover-prompt-countdown">{{ countdown }}</strong>
        unless you keep working on it.
      </p>
      @if (data.hasUnsavedChanges) {
        <p i18n>You have unsaved changes: they are saved before the handover, unless you discard them.</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close="keep" data-testid="handover-keep" i18n>Keep editing</button>
      @if (data.hasUnsavedChanges) {
        <button mat-button mat-dialog-close="discard" data-testid="handover-discard" i18n>Discard and hand over</button>
      }
      <button mat-flat-button mat-dialog-close="hand-over" data-testid="handover-accept">
        @if (data.hasUnsavedChanges) {
          <ng-container i18n>Save and hand over</ng-container>
        } @else {
          <ng-container i18n>Hand over</ng-container>
        }
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
