import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AppConfigDto } from '@tdgen/contracts';
import { ROUTES } from '@tdgen/contracts';
import { BehaviorSubject, Observable, firstValueFrom } from 'rxjs';
import { apiUrl } from '../api-url';
import { handlesErrorsItself } from '../http/http-context';

/** The server's defaults (docs/product.md § Locks, § Events), used until /api/config answers or when it cannot. */
export const DEFAULT_APP_CONFIG: AppConfigDto = {
  lock: {
    durationMs: 30 * 60_000,
    refreshIntervalMs: 5 * 60_000,
    handoverIdleMs: 2 * 60_000,
    handoverTimeoutMs: 60_000,
    offerMs: 30_000,
    expiryWarningMs: 2 * 60_000,
  },
  sse: { heartbeatIntervalMs: 30_000, reconnectTimeoutMs: 5_000 },
  limits: { maxTasksPerDescription: 10 },
  signIn: { isLocalLoginEnabled: true, sso: null },
};

@Injectable({ providedIn: 'root' })
export class AppConfigService {
  private readonly http = inject(HttpClient);
  private readonly configSubject = new BehaviorSubject<AppConfigDto>(DEFAULT_APP_CONFIG);

  readonly config$: Observable<AppConfigDto> = this.configSubject.asObservable();

  get value(): AppConfigDto {
    return this.configSubject.value;
  }

  /** Loads the public config once at start; never fails (falls back to the defaults). */
  async load(): Promise<void> {
    try {
      const config = await firstValueFrom(
        this.http.get<AppConfigDto>(apiUrl(ROUTES.config), { context: handlesErrorsItself() }),
      );
      this.configSubject.next({ ...DEFAULT_APP_CONFIG, ...config });
    } catch {
      // The API may be starting up; the defaults match its documented defaults.
    }
  }
}
