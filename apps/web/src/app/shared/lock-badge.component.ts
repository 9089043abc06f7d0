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
      [matTooltip]="
        (isMine() ? 'You are editing this' : 'Locked by ' + lock().holder.displayName) +
        ' since ' +
        (lock().acquiredAt | date: 'shortTime') +
        ' (expires ' +
        (lock().expiresAt | date: 'shortTime') +
        ')'
      "
      data-testid="lock-badge"
    >
      <mat-icon inline aria-hidden="true">{{ isMine() ? 'edit' : 'lock' }}</mat-icon>
      <span data-testid="lock-holder">{{ isMine() ? 'You' : lock().holder.displayName }}</span>
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
  readonly lock = input.required<LockDto>();
  readonly isMine = input(false);
}
