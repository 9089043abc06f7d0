import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { ConnectionState } from '../core/sse/sse.service';

const PRESENTATION: Record<ConnectionState, { icon: string; label: string; tooltip: string }> = {
  live: {
    icon: 'cloud_done',
    label: $localize`:connection state:Live`,
    tooltip: $localize`Changes by others appear instantly.`,
  },
  reconnecting: {
    icon: 'cloud_sync',
    label: $localize`:connection state:Reconnecting…`,
    tooltip: $localize`Catching up with changes as soon as the connection is back.`,
  },
  offline: {
    icon: 'cloud_off',
    label: $localize`:connection state:Offline`,
    tooltip: $localize`No live connection. Changes by others are not shown until it is back.`,
  },
};

/** Live / Reconnecting… / Offline (docs/product.md § Web app). */
@Component({
  selector: 'td-connection-indicator',
  imports: [MatIconModule, MatTooltipModule],
  template: `
    <span
      [class]="'indicator indicator--' + state()"
      role="status"
      [matTooltip]="view().tooltip"
      [attr.data-testid]="'connection-' + state()"
      data-connection-indicator
    >
      <mat-icon aria-hidden="true" [svgIcon]="view().icon"></mat-icon>
      <span class="indicator__label">{{ view().label }}</span>
    </span>
  `,
  styles: `
    .indicator {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      padding: 2px 10px 2px 6px;
      border-radius: 16px;
      font: var(--mat-sys-label-large);
      background: var(--mat-sys-surface-container-high);
    }
    .indicator--live mat-icon {
      color: #1b8a3a;
    }
    .indicator--reconnecting mat-icon {
      color: #b26a00;
    }
    .indicator--offline {
      color: var(--mat-sys-on-error-container);
      background: var(--mat-sys-error-container);
    }
    /* Phones: the icon alone; the word stays for screen readers. */
    @media (max-width: 599px) {
      .indicator {
        padding: 2px 6px;
      }
      .indicator__label {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectionIndicatorComponent {
  readonly state = input.required<ConnectionState>();
  protected readonly view = computed(() => PRESENTATION[this.state()]);
}
