import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

/**
 * The action row of a record's management panel (docs/product.md § Web app): break lock (admin, while someone
 * else holds it), restore and permanent delete (admin, deleted records), and for the lock holder
 * delete, discard and save. Extra leading buttons are projected. Test ids start with `kind`.
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
}

export type RecordAction = 'break-lock' | 'restore' | 'delete-permanently' | 'delete' | 'discard' | 'save';

@Component({
  selector: 'td-record-actions',
  imports: [MatButtonModule, MatIconModule],
  template: `
    <ng-content />
    @if (status().isAdmin && status().isLockedByOther) {
      <button mat-button (click)="action.emit('break-lock')" [attr.data-testid]="kind() + '-break-lock'">
        <mat-icon>lock_open</mat-icon>Break lock
      </button>
    }
    @if (status().isDeleted) {
      @if (status().isAdmin) {
        <button
          mat-button
          [disabled]="status().isBusy"
          (click)="action.emit('restore')"
          [attr.data-testid]="kind() + '-restore'"
        >
          <mat-icon>restore_from_trash</mat-icon>Restore
        </button>
        <button
          mat-button
          class="danger"
          [disabled]="status().isBusy"
          (click)="action.emit('delete-permanently')"
          [attr.data-testid]="kind() + '-delete-permanently'"
        >
          <mat-icon>delete_forever</mat-icon>Delete permanently
        </button>
      }
    } @else if (status().isEditing) {
      <button
        mat-button
        class="danger"
        [disabled]="status().isBusy"
        (click)="action.emit('delete')"
        [attr.data-testid]="kind() + '-delete'"
      >
        <mat-icon>delete</mat-icon>Delete
      </button>
      <span class="td-spacer"></span>
      <button mat-button [disabled]="!isDirty() || status().isBusy" (click)="action.emit('discard')">Discard</button>
      <button
        mat-flat-button
        [disabled]="!isDirty() || !isValid() || status().isBusy"
        (click)="action.emit('save')"
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
  readonly status = input.required<RecordStatus>();
  /** The form has unsaved input. */
  readonly isDirty = input(false);
  readonly isValid = input(true);
  readonly action = output<RecordAction>();
}
