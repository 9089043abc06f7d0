import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { RouterOutlet } from '@angular/router';
import { ServerAvailabilityService } from './core/http/server-availability.service';

@Component({
  selector: 'td-root',
  imports: [RouterOutlet],
  template: `
    @if (isServerUnavailable()) {
      <div class="unavailable" role="alert" data-testid="server-unavailable">
        The server is unavailable at the moment. Your input is kept — retrying…
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
  protected readonly isServerUnavailable = toSignal(inject(ServerAvailabilityService).isUnavailable$, {
    initialValue: false,
  });
}
