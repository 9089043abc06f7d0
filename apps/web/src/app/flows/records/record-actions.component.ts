import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

/**
 * The action row of a record's management panel (docs/product.md § Web app): break lock (admin, while someone
 * else holds it), restore and permanent delete (admin, deleted records), and for the lock holder
 * delete, discard and save. Extra leading buttons are projected. Test ids start with `kind`.
 */
@Component({
  selector: 'td-record-actions',
  imports: [MatButtonModule, MatIconModule],
  template: `
    <ng-content />
    @if (isAdmin() && isLockedByOther()) {
      <button mat-button (click)="breakLock.emit()" [attr.data-testid]="kind() + '-break-lock'">
        <mat-icon>lock_open</mat-icon>Break lock
      </button>
    }
    @if (isDeleted()) {
      @if (isAdmin()) {
        <button mat-button [disabled]="isBusy()" (click)="restore.emit()" [attr.data-testid]="kind() + '-restore'">
          <mat-icon>restore_from_trash</mat-icon>Restore
        </button>
        <button
          mat-button
          class="danger"
          [disabled]="isBusy()"
          (click)="deletePermanently.emit()"
          [attr.data-testid]="kind() + '-delete-permanently'"
        >
          <mat-icon>delete_forever</mat-icon>Delete permanently
        </button>
      }
    } @else if (isEditing()) {
      <button
        mat-button
        class="danger"
        [disabled]="isBusy()"
        (click)="softDelete.emit()"
        [attr.data-testid]="kind() + '-delete'"
      >
        <mat-icon>delete</mat-icon>Delete
      </button>
      <span class="td-spacer"></span>
      <button mat-button [disabled]="!isDirty() || isBusy()" (click)="discard.emit()">Discard</button>
      <button
        mat-flat-button
        [disabled]="!isDirty() || !isValid() || isBusy()"
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

  readonly breakLock = output();
  readonly restore = output();
  readonly deletePermanently = output();
  readonly softDelete = output();
  readonly discard = output();
  readonly save = output();
}
