import { Injectable } from '@nestjs/common';
import type { AppConfigDto } from '@tdgen/contracts';
import type { AppConfig } from './app-config';

/** Read-only access to the validated configuration. Provided with the value built at boot. */
@Injectable()
export class ConfigService {
  constructor(readonly values: AppConfig) {}

  get<K extends keyof AppConfig>(key: K): AppConfig[K] {
    return this.values[key];
  }

  /** What the browser needs to know (GET /api/config). */
  publicConfig(): AppConfigDto {
    const { lock, sse, maxTasksPerDescription, oidc, isLocalLoginEnabled } = this.values;
    return {
      lock: {
        durationMs: lock.durationMs,
        refreshIntervalMs: lock.refreshIntervalMs,
        handoverIdleMs: lock.handoverIdleMs,
        handoverTimeoutMs: lock.handoverTimeoutMs,
        offerMs: lock.offerMs,
        expiryWarningMs: lock.expiryWarningMs,
      },
      sse: { heartbeatIntervalMs: sse.heartbeatIntervalMs, reconnectTimeoutMs: sse.reconnectTimeoutMs },
      limits: { maxTasksPerDescription },
      signIn: { isLocalLoginEnabled, sso: oidc ? { providerName: oidc.providerName } : null },
    };
  }
}
