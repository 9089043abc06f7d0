import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';

/**
 * The action row of a record's management panel (docs/product.md § Web app): break lock (admin, while someone
 * else holds it), restore and permanent delete (admin, deleted records), and for the lock holder
 * delete, finish (cancel the changes, or done when there are none) and save. Extra leading buttons are projected.
 * While changes are paused the changing buttons stay focusable but disabled, and their tooltip says why.
 * Test ids start with `kind`.
 */
/** What the user may do with a record, from its panel's point of view. */
export interface RecordStatus {
  isAdmin: boolean;
  /** Another user or tab holds the lock. */
  isLockedByOther: boolean;
  isDeleted: boolean;
  /** This tab holds the lock. */
  isEditing: boolean;
  /** A request of the panel is under way. */
  isBusy: boolean;
  /** Why changes are paused (no live connection), or null while they are possible. */
  pausedReason: string | null;
}

/** `finish` ends the editing without saving (releases the lock). */
export type RecordAction = 'break-lock' | 'restore' | 'delete-permanently' | 'delete' | 'finish' | 'save';

@Component({
  selector: 'td-record-actions',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule],
  template: `
    <ng-content />
    @if (status().isAdmin && status().isLockedByOther) {
      <button
        mat-button
        [disabled]="isPaused()"
        disabledInteractive
        [matTooltip]="pausedTooltip()"
        (click)="action.emit('break-lock')"
        [attr.data-testid]="kind() + '-break-lock'"
      >
        <mat-icon svgIcon="lock_open"></mat-icon><ng-container i18n>Break lock</ng-container>
      </button>
    }
    @if (status().isDeleted) {
      @if (status().isAdmin) {
        <button
          mat-button
          [disabled]="status().isBusy || isPaused()"
          disabledInteractive
          [matTooltip]="pausedTooltip()"
          (click)="action.emit('restore')"
          [attr.data-testid]="kind() + '-restore'"
        >
          <mat-icon svgIcon="restore_from_trash"></mat-icon><ng-container i18n>Restore</ng-container>
        </button>
        <button
          mat-button
          class="danger"
          [disabled]="status().isBusy || isPaused()"
          disabledInteractive
          [matTooltip]="pausedTooltip()"
          (click)="action.emit('delete-permanently')"
          [attr.data-testid]="kind() + '-delete-permanently'"
        >
          <mat-icon svgIcon="delete_forever"></mat-icon><ng-container i18n>Delete permanently</ng-container>
        </button>
      }
    } @else if (status().isEditing) {
      <button
        mat-button
        class="danger"
        [disabled]="status().isBusy || isPaused()"
        disabledInteractive
        [matTooltip]="pausedTooltip()"
        (click)="action.emit('delete')"
        [attr.data-testid]="kind() + '-delete'"
      >
        <mat-icon svgIcon="delete"></mat-icon><ng-container i18n>Delete</ng-container>
      </button>
      <span class="td-spacer"></span>
      <button
        mat-button
        [disabled]="status().isBusy"
        (click)="action.emit('finish')"
        [attr.data-testid]="kind() + '-finish'"
      >
        @if (isDirty()) {
          <ng-container i18n>Cancel</ng-container>
        } @else {
          <ng-container i18n="end editing">Done</ng-container>
        }
      </button>
      <button
        mat-flat-button
        [disabled]="!isDirty() || !isValid() || status().isBusy || isPaused()"
        disabledInteractive
        [matTooltip]="pausedTooltip()"
        (click)="action.emit('save')"
        [attr.data-testid]="kind() + '-save'"
        i18n
      >
        Save
      </button>
    }
  `,
  styles: `
    /* The buttons are items of the surrounding mat-action-row's flex line. */
    :host {
      display: contents;
    }
    .danger {
      --mat-button-text-label-text-color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecordActionsComponent {
  readonly kind = input.required<'task' | 'description'>();
  readonly status = input.required<RecordStatus>();
  /** The form has unsaved input. */
  readonly isDirty = input(false);
  readonly isValid = input(true);
  readonly action = output<RecordAction>();

  protected readonly isPaused = computed(() => this.status().pausedReason !== null);
  protected readonly pausedTooltip = computed(() => this.status().pausedReason ?? '');
}
