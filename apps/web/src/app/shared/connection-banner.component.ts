import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

/** The strip under the header while changes are paused (no live connection): says why, once. */
@Component({
  selector: 'td-connection-banner',
  imports: [MatIconModule],
  template: `
    @if (reason(); as text) {
      <div class="banner" role="status" data-testid="connection-banner">
        <mat-icon aria-hidden="true" svgIcon="cloud_off"></mat-icon>
        <span>{{ text }} Your unsaved input is kept.</span>
      </div>
    }
  `,
  styles: `
    .banner {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 6px 16px;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-error-container);
      background: var(--mat-sys-error-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectionBannerComponent {
  /** Why changes are paused; nothing is shown while null. */
  readonly reason = input<string | null>(null);
}
