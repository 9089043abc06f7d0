import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { ConnectionState } from '../core/sse/sse.service';

const PRESENTATION: Record<ConnectionState, { icon: string; label: string; tooltip: string }> = {
  live: { icon: 'cloud_done', label: 'Live', tooltip: 'Changes by others appear instantly.' },
  reconnecting: {
    icon: 'cloud_sync',
    label: 'Reconnecting…',
    tooltip: 'Catching up with changes as soon as the connection is back.',
  },
  offline: {
    icon: 'cloud_off',
    label: 'Offline',
    tooltip: 'No live connection. Changes by others are not shown until it is back.',
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
      <mat-icon aria-hidden="true">{{ view().icon }}</mat-icon>
      <span>{{ view().label }}</span>
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
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectionIndicatorComponent {
  readonly state = input.required<ConnectionState>();
  protected readonly view = computed(() => PRESENTATION[this.state()]);
}
