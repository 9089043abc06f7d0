import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';

/**
 * The notices above a record's form in its management panel: someone else changed the record while
 * this tab has unsaved input (offer to load their version), and read-only without this tab's lock
 * (naming who edits it, offering to ask for the lock — or to take it over from this user's other
 * tab; disabled with the reason while changes are paused). Test ids of the latter start with `kind`.
 */
@Component({
  selector: 'td-record-notices',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule],
  template: `
    @if (remoteEditor(); as editor) {
      <div class="notice" role="alert" data-testid="changed-remotely">
        <mat-icon svgIcon="sync_problem"></mat-icon>
        <span>Changed remotely by {{ editor }} — your unsaved changes are kept.</span>
        <button mat-button (click)="loadTheirs.emit()">Load their version</button>
      </div>
    }
    @if (isReadOnly()) {
      <div class="notice" role="status" [attr.data-testid]="kind() + '-read-only'">
        <mat-icon svgIcon="visibility"></mat-icon>
        <span>
          @if (hasUnsavedInput()) {
            <strong data-testid="lock-ended-notice">Your lock ended; take it again to save.</strong>
            Your changes are kept below.
          } @else {
            Read-only
          }
          @if (isMineElsewhere()) {
            — You, in another tab — take over here
          } @else if (editingHolder(); as holder) {
            — {{ holder }} is editing
          }
        </span>
        <button
          mat-button
          [disabled]="pausedReason() !== null"
          disabledInteractive
          [matTooltip]="pausedReason() ?? ''"
          (click)="requestEdit.emit()"
          [attr.data-testid]="kind() + '-request-edit'"
        >
          {{ isMineElsewhere() ? 'Take over' : hasUnsavedInput() ? 'Take it again' : 'Edit' }}
        </button>
      </div>
    }
  `,
  styles: `
    .notice {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 4px 4px 4px 12px;
      margin-bottom: 12px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-high);

      span {
        flex: 1 1 auto;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecordNoticesComponent {
  /** Prefix of the test ids: 'task' or 'description'. */
  readonly kind = input.required<string>();
  /** Who changed the record remotely while the form has unsaved input; null when nobody did. */
  readonly remoteEditor = input<string | null>(null);
  readonly isReadOnly = input(false);
  /** Who holds the lock when it is someone else (another user or tab); null otherwise. */
  readonly editingHolder = input<string | null>(null);
  /** The lock is this user's own, held by another tab. */
  readonly isMineElsewhere = input(false);
  /** The form still holds input made under a lock this tab no longer has. */
  readonly hasUnsavedInput = input(false);
  /** Why changes are paused (no live connection); null while they are possible. */
  readonly pausedReason = input<string | null>(null);
  readonly loadTheirs = output<void>();
  readonly requestEdit = output<void>();
}
