import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { ConnectivityService } from './core/connectivity.service';

@Component({
  selector: 'td-root',
  imports: [RouterOutlet],
  template: `
    @if (connectivity.banner(); as banner) {
      <div
        class="unavailable"
        role="alert"
        [attr.data-testid]="banner.kind === 'server-unavailable' ? 'server-unavailable' : 'connection-banner'"
      >
        {{ banner.text }}
        @if (banner.kind === 'server-unavailable') {
          <ng-container i18n>Your input is kept — retrying…</ng-container>
        } @else {
          <ng-container i18n>Your input is kept.</ng-container>
        }
      </div>
    }
    <router-outlet />
  `,
  styles: `
    .unavailable {
      position: fixed;
      inset: auto 0 0 0;
      z-index: 1000;
      padding: 8px 16px;
      text-align: center;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-error-container);
      background: var(--mat-sys-error-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  /** The one banner for "changes are paused": server unavailable, or no live connection. */
  protected readonly connectivity = inject(ConnectivityService);
}
