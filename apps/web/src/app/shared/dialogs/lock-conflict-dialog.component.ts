import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import type { LockDto, LockEntityType, LockOfferDto } from '@tdgen/contracts';

export interface LockConflictDialogData {
  /** What the user tried to edit: its type and title (each sentence is written whole per type). */
  entityType: LockEntityType;
  recordTitle: string;
  lock: LockDto | null;
  isHeldBySelfElsewhere: boolean;
  isAdmin: boolean;
  /** The record is free but reserved for the first in its line. */
  offer?: LockOfferDto | null;
}

export type LockConflictChoice = 'read-only' | 'take-over' | 'break' | 'ask-handover' | 'notify-me';

/** Shown when a record is locked by someone else (docs/product.md § Locks); closes with the user's choice. */
@Component({
  selector: 'td-lock-conflict-dialog',
  imports: [DatePipe, MatButtonModule, MatDialogModule, MatIconModule],
  template: `
    <h2 mat-dialog-title>
      <mat-icon class="conflict__icon" svgIcon="lock"></mat-icon> <ng-container i18n>Locked</ng-container>
    </h2>
    <mat-dialog-content data-testid="lock-conflict-dialog">
      @let kind = data.entityType === 'JobTask' ? 'task' : 'description';
      @let title = data.recordTitle;
      @if (data.isHeldBySelfElsewhere) {
        <p data-testid="lock-conflict-holder">
          @if (data.lock; as lock) {
            @let since = lock.acquiredAt | date: 'shortTime';
            <ng-container i18n
              >You are already editing {kind, select, task {the job task} other {the job description}} "{{ title }}" in
              another tab or window (since {{ since }}).</ng-container
            >
          } @else {
            <ng-container i18n
              >You are already editing {kind, select, task {the job task} other {the job description}} "{{ title }}" in
              another tab or window.</ng-container
            >
          }
        </p>
        <p i18n>Take over to edit here; the other tab then becomes read-only.</p>
      } @else if (data.lock; as lock) {
        @let holder = lock.holder.displayName;
        @let since = lock.acquiredAt | date: 'short';
        <p data-testid="lock-conflict-holder" i18n>
          <strong>{{ holder }}</strong> is editing {kind, select, task {the job task} other {the job description}} "{{
            title
          }}" since {{ since }}.
        </p>
        <p i18n>You can view it read-only until they are done.</p>
      } @else if (data.offer; as offer) {
        @let waiter = offer.user.displayName;
        @let until = offer.expiresAt | date: 'mediumTime';
        <p data-testid="lock-conflict-holder" i18n>
          {kind, select, task {The job task} other {The job description}} "{{ title }}" is reserved for
          <strong>{{ waiter }}</strong
          >, who was waiting, until {{ until }}.
        </p>
      } @else {
        <p data-testid="lock-conflict-holder" i18n>
          Someone else is editing {kind, select, task {the job task} other {the job description}} "{{ title }}".
        </p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close="read-only" data-testid="lock-conflict-read-only" i18n>View read-only</button>
      @if (data.isHeldBySelfElsewhere) {
        <button mat-flat-button mat-dialog-close="take-over" data-testid="lock-conflict-take-over" i18n>
          Take over
        </button>
      }
      @if (!data.isHeldBySelfElsewhere && (data.lock || data.offer)) {
        <button mat-button mat-dialog-close="notify-me" data-testid="lock-conflict-notify-me" i18n>
          Notify me when free
        </button>
      }
      @if (!data.isHeldBySelfElsewhere && data.lock; as lock) {
        @let askHolder = lock.holder.displayName;
        <button mat-flat-button mat-dialog-close="ask-handover" data-testid="lock-conflict-ask" i18n>
          Ask {{ askHolder }} to hand over
        </button>
      }
      @if (data.isAdmin && !data.isHeldBySelfElsewhere && data.lock) {
        <button mat-flat-button mat-dialog-close="break" data-testid="lock-conflict-break" i18n>Break lock</button>
      }
    </mat-dialog-actions>
  `,
  styles: `
    .conflict__icon {
      vertical-align: middle;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LockConflictDialogComponent {
  protected readonly data = inject<LockConflictDialogData>(MAT_DIALOG_DATA);
}
