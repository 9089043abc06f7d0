import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';

/**
 * The action row of a record's management panel (SPEC §8.4–§8.5): break lock (admin, while someone
 * else holds it), restore and permanent delete (admin, deleted records), and for the lock holder
 * delete, finish (cancel the changes, or done when there are none) and save. Extra leading buttons are projected. Test ids start with `kind`.
 */
@Component({
  selector: 'td-record-actions',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule],
  template: `
    <ng-content />
    @if (isAdmin() && isLockedByOther()) {
      <button
        mat-button
        [disabled]="!!pausedReason()"
        disabledInteractive
        [matTooltip]="pausedReason() ?? ''"
        (click)="breakLock.emit()"
        [attr.data-testid]="kind() + '-break-lock'"
      >
        <mat-icon svgIcon="lock_open"></mat-icon>Break lock
      </button>
    }
    @if (isDeleted()) {
      @if (isAdmin()) {
        <button
          mat-button
          [disabled]="isBusy() || !!pausedReason()"
          disabledInteractive
          [matTooltip]="pausedReason() ?? ''"
          (click)="restore.emit()"
          [attr.data-testid]="kind() + '-restore'"
        >
          <mat-icon svgIcon="restore_from_trash"></mat-icon>Restore
        </button>
        <button
          mat-button
          class="danger"
          [disabled]="isBusy() || !!pausedReason()"
          disabledInteractive
          [matTooltip]="pausedReason() ?? ''"
          (click)="deletePermanently.emit()"
          [attr.data-testid]="kind() + '-delete-permanently'"
        >
          <mat-icon svgIcon="delete_forever"></mat-icon>Delete permanently
        </button>
      }
    } @else if (isEditing()) {
      <button
        mat-button
        class="danger"
        [disabled]="isBusy() || !!pausedReason()"
        disabledInteractive
        [matTooltip]="pausedReason() ?? ''"
        (click)="softDelete.emit()"
        [attr.data-testid]="kind() + '-delete'"
      >
        <mat-icon svgIcon="delete"></mat-icon>Delete
      </button>
      <span class="td-spacer"></span>
      <button mat-button [disabled]="isBusy()" (click)="finishEditing.emit()" [attr.data-testid]="kind() + '-finish'">
        {{ isDirty() ? 'Cancel' : 'Done' }}
      </button>
      <button
        mat-flat-button
        [disabled]="!isDirty() || !isValid() || isBusy() || !!pausedReason()"
        disabledInteractive
        [matTooltip]="pausedReason() ?? ''"
        (click)="save.emit()"
        [attr.data-testid]="kind() + '-save'"
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
  readonly isAdmin = input(false);
  readonly isLockedByOther = input(false);
  readonly isDeleted = input(false);
  readonly isEditing = input(false);
  readonly isBusy = input(false);
  /** The form has unsaved input. */
  readonly isDirty = input(false);
  readonly isValid = input(true);
  /** Why changes are paused (no live connection): the changing buttons are disabled and say so. */
  readonly pausedReason = input<string | null>(null);

  readonly breakLock = output();
  readonly restore = output();
  readonly deletePermanently = output();
  readonly softDelete = output();
  /** Ends the editing without saving (releases the lock). */
  readonly finishEditing = output();
  readonly save = output();
}
