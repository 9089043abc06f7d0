import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { LockDto } from '@tdgen/contracts';

/** "Locked by …" badge; appears and disappears live with the lock (docs/product.md § Locks). */
@Component({
  selector: 'td-lock-badge',
  imports: [DatePipe, MatIconModule, MatTooltipModule],
  template: `
    <span
      class="badge"
      [class.badge--mine]="isMine()"
      [matTooltip]="tooltip(lock().acquiredAt | date: 'shortTime', lock().expiresAt | date: 'shortTime')"
      data-testid="lock-badge"
    >
      <mat-icon inline aria-hidden="true" [svgIcon]="isMine() ? 'edit' : 'lock'"></mat-icon>
      <span data-testid="lock-holder">
        @if (isMine()) {
          <ng-container i18n="the lock holder is the reader">You</ng-container>
        } @else if (isMineElsewhere()) {
          <ng-container i18n>You, in another tab</ng-container>
        } @else {
          {{ lock().holder.displayName }}
        }
      </span>
    </span>
  `,
  styles: `
    .badge {
      display: inline-flex;
      align-items: center;
      gap: 2px;
      padding: 1px 8px 1px 4px;
      border-radius: 10px;
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      white-space: nowrap;
    }
    .badge--mine {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LockBadgeComponent {
  /** The badge's tooltip, one whole sentence per case (times formatted by the caller's pipe). */
  protected tooltip(since: string | null, expires: string | null): string {
    if (this.isMine()) return $localize`You are editing this since ${since}:since: (expires ${expires}:expires:)`;
    if (this.isMineElsewhere()) {
      return $localize`You are editing this in another tab since ${since}:since: (expires ${expires}:expires:)`;
    }
    const holder = this.lock().holder.displayName;
    return $localize`Locked by ${holder}:holder: since ${since}:since: (expires ${expires}:expires:)`;
  }

  readonly lock = input.required<LockDto>();
  /** Held by this tab. */
  readonly isMine = input(false);
  /** Held by the same user in another tab. */
  readonly isMineElsewhere = input(false);
}
