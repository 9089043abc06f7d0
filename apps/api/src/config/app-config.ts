import { LogLevel } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import proxyAddr from 'proxy-addr';
import { ConfigError } from './config-error';
import { loadLocalLogin, loadOidcConfig, type OidcConfig } from './oidc-config';

export { ConfigError };

/** Every setting of the README's configuration table, typed. Built once at boot by `loadConfig` — nothing else reads process.env. */
export interface AppConfig {
  isProduction: boolean;
  port: number;
  databaseUrl: string;
  /**
   * The connection pool: at most `max` connections; waiting for one fails after `connectionTimeoutMs`;
   * `preparedStatements`: the hot statements run as named prepared statements (off behind a pooler
   * that cannot keep them, e.g. PgBouncer before 1.21 in transaction mode).
   */
  databasePool: { max: number; connectionTimeoutMs: number; preparedStatements: boolean };
  jwtSecret: string;
  jwtLifetimeSeconds: number;
  lock: {
    durationMs: number;
    refreshIntervalMs: number;
    orphanGraceMs: number;
    sweepIntervalMs: number;
    /** docs/product.md § Locks: the handover, the line and the warning before expiry. */
    handoverIdleMs: number;
    handoverTimeoutMs: number;
    offerMs: number;
    expiryWarningMs: number;
    negotiationSweepMs: number;
    queueLeaveGraceMs: number;
  };
  sse: {
    heartbeatIntervalMs: number;
    reconnectTimeoutMs: number;
    /** Events kept in the log for replay: younger than `eventRetentionMs` and among the newest `eventRetentionCount`. */
    eventRetentionMs: number;
    eventRetentionCount: number;
    maxConnectionsPerUser: number;
    maxPendingBytes: number;
  };
  /** This API instance among several on one database (tab liveness, docs/adr/0015-event-log-in-postgresql.md). */
  instance: { id: string; heartbeatIntervalMs: number; deadAfterMs: number };
  maxTasksPerDescription: number;
  documents: {
    /** Worker threads that render PDFs (0: render on the event loop). */
    renderWorkers: number;
    /** The compiled render worker; null: document-render.worker.js beside the API bundle. */
    renderWorkerScript: string | null;
  };
  corsOrigin: string[] | null;
  logLevels: LogLevel[];
  loginThrottle: { limit: number; ttlMs: number };
  /** Express `trust proxy`: which peers may set X-Forwarded-For/-Proto/-Host (false: none). */
  trustProxy: false | number | string[];
  /** Serve the OpenAPI UI and JSON (default: everywhere but production). */
  apiDocs: boolean;
  webRoot: string | null;
  /** Single sign-on through an OpenID Connect provider; null when not configured. */
  oidc: OidcConfig | null;
  /** Whether the password form signs in (LOCAL_LOGIN); the users CLI works either way. */
  isLocalLoginEnabled: boolean;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Parses `JWT_LIFETIME` like 12h, 30m, 3600s or plain seconds. */
export function parseDurationSeconds(name: string, raw: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(raw.trim());
  if (!match) throw new ConfigError(`${name} must look like 12h, 30m, 45s or a number of seconds, got "${raw}"`);
  const seconds = Number(match[1]) * DURATION_UNITS[match[2] || 's'];
  if (seconds < 60) throw new ConfigError(`${name} must be at least 60 seconds, got "${raw}"`);
  return seconds;
}

/**
 * `TRUST_PROXY`: unset/`false` → trust no proxy; a number → that many hops; otherwise a
 * comma-separated list of addresses, CIDR ranges or `loopback`/`linklocal`/`uniquelocal`.
 * `true` (trust everyone) is refused: any client could then choose its own address.
 */
export function parseTrustProxy(raw: string | undefined): false | number | string[] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const list = value.split(',').map((v) => v.trim());
  try {
    if (list.includes('true') || list.includes('')) throw new Error('not an address');
    proxyAddr.compile(list);
  } catch {
    throw new ConfigError(
      `TRUST_PROXY must be false, a number of hops, or addresses/CIDR ranges/loopback/linklocal/uniquelocal, got "${raw}"`,
    );
  }
  return list;
}

/**
 * `SSE_EVENT_RETENTION`: how long and/or how many events the log keeps for replay — a duration
 * (`24h`, `30m`, `3600s`), a count (`100000`), or both (`24h,100000`: whichever removes more).
 */
export function parseEventRetention(raw: string): { eventRetentionMs: number; eventRetentionCount: number } {
  let eventRetentionMs = Number.MAX_SAFE_INTEGER;
  let eventRetentionCount = Number.MAX_SAFE_INTEGER;
  const parts = raw.split(',').map((p) => p.trim());
  for (const part of parts) {
    const duration = /^(\d+)\s*([smhd])$/.exec(part);
    if (duration) eventRetentionMs = Number(duration[1]) * DURATION_UNITS[duration[2]] * 1000;
    else if (/^\d+$/.test(part)) eventRetentionCount = Number(part);
    else throw new ConfigError(`SSE_EVENT_RETENTION must look like 24h, 100000 or 24h,100000, got "${raw}"`);
  }
  if (parts.length > 2 || eventRetentionMs < 60_000 || eventRetentionCount < 100) {
    throw new ConfigError(`SSE_EVENT_RETENTION must keep at least 1m and 100 events, got "${raw}"`);
  }
  return { eventRetentionMs, eventRetentionCount };
}

/** INSTANCE_ID (default: host name, process id and a random suffix) and the instance heartbeat. */
function loadInstance(env: Env): AppConfig['instance'] {
  const id = env['INSTANCE_ID']?.trim() || `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  if (!/^[\w.:-]{1,100}$/.test(id)) {
    throw new ConfigError(`INSTANCE_ID must be 1–100 letters, digits, . : _ or -, got "${id}"`);
  }
  const heartbeatIntervalMs = int(env, 'INSTANCE_HEARTBEAT_INTERVAL_MS', 10_000, 100);
  const deadAfterMs = int(env, 'INSTANCE_DEAD_AFTER_MS', 30_000, 300);
  if (deadAfterMs < 2 * heartbeatIntervalMs) {
    throw new ConfigError('INSTANCE_DEAD_AFTER_MS must be at least twice INSTANCE_HEARTBEAT_INTERVAL_MS');
  }
  return { id, heartbeatIntervalMs, deadAfterMs };
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(`${name} must be true or false, got "${raw}"`);
  return raw === 'true';
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export function loadConfig(env: Env): AppConfig {
  const isProduction = env['NODE_ENV'] === 'production';
  const databaseUrl = env['DATABASE_URL']?.trim();
  if (!databaseUrl) {
    throw new ConfigError('DATABASE_URL is required (npm start sets it to the embedded PostgreSQL when unset)');
  }
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL must be a postgresql:// URL');
  const jwtSecret = env['JWT_SECRET'] ?? '';
  if (jwtSecret.length < 32) {
    throw new ConfigError(
      isProduction || jwtSecret
        ? 'JWT_SECRET must be set to at least 32 characters'
        : 'JWT_SECRET is required (npm start generates one into .data/ for local use)',
    );
  }
  const logLevel = (env['LOG_LEVEL'] ?? 'log') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env['LOG_LEVEL']}"`);
  }
  const corsRaw = env['CORS_ORIGIN']?.trim();
  const corsOrigin = corsRaw ? corsRaw.split(',').map((o) => o.trim()) : null;
  for (const origin of corsOrigin ?? []) {
    if (!/^https?:\/\/[^/]+$/.test(origin))
      throw new ConfigError(`CORS_ORIGIN must list origins like https://host:port, got "${origin}"`);
  }
  const oidc = loadOidcConfig(env);
  const lockDuration = int(env, 'LOCK_DURATION_MS', 30 * 60_000, 1_000);
  const refresh = int(env, 'LOCK_REFRESH_INTERVAL_MS', 5 * 60_000, 500);
  if (refresh >= lockDuration) throw new ConfigError('LOCK_REFRESH_INTERVAL_MS must be shorter than LOCK_DURATION_MS');
  return {
    isProduction,
    port: int(env, 'PORT', 3000, 0, 65535),
    databaseUrl,
    databasePool: {
      max: int(env, 'DATABASE_POOL_MAX', 20, 2, 1000),
      connectionTimeoutMs: int(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5_000, 100),
      preparedStatements: bool(env, 'DATABASE_PREPARED_STATEMENTS', true),
    },
    jwtSecret,
    jwtLifetimeSeconds: parseDurationSeconds('JWT_LIFETIME', env['JWT_LIFETIME'] ?? '12h'),
    lock: {
      durationMs: lockDuration,
      refreshIntervalMs: refresh,
      orphanGraceMs: int(env, 'LOCK_ORPHAN_GRACE_MS', 60_000, 0),
      sweepIntervalMs: int(env, 'LOCK_SWEEP_INTERVAL_MS', 15_000, 100),
      handoverIdleMs: int(env, 'LOCK_HANDOVER_IDLE_MS', 2 * 60_000, 1_000),
      handoverTimeoutMs: int(env, 'LOCK_HANDOVER_TIMEOUT_MS', 60_000, 1_000),
      offerMs: int(env, 'LOCK_OFFER_MS', 30_000, 1_000),
      expiryWarningMs: Math.min(int(env, 'LOCK_EXPIRY_WARNING_MS', 2 * 60_000, 1_000), Math.floor(lockDuration / 2)),
      negotiationSweepMs: int(env, 'LOCK_NEGOTIATION_SWEEP_MS', 1_000, 100),
      queueLeaveGraceMs: int(env, 'LOCK_QUEUE_LEAVE_GRACE_MS', 10_000, 0),
    },
    sse: {
      heartbeatIntervalMs: int(env, 'SSE_HEARTBEAT_INTERVAL_MS', 30_000, 100),
      reconnectTimeoutMs: int(env, 'SSE_RECONNECT_TIMEOUT_MS', 5_000, 100),
      ...parseEventRetention(env['SSE_EVENT_RETENTION'] ?? '24h,100000'),
      maxConnectionsPerUser: int(env, 'SSE_MAX_CONNECTIONS_PER_USER', 10, 1),
      maxPendingBytes: int(env, 'SSE_MAX_PENDING_BYTES', 1024 * 1024, 1024),
    },
    instance: loadInstance(env),
    maxTasksPerDescription: int(env, 'MAX_TASKS_PER_DESCRIPTION', 10, 1, 20),
    documents: {
      renderWorkers: int(env, 'DOCUMENT_RENDER_WORKERS', 1, 0, 8),
      renderWorkerScript: env['DOCUMENT_RENDER_WORKER_SCRIPT']?.trim() || null,
    },
    corsOrigin,
    logLevels: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(logLevel) + 1),
    loginThrottle: {
      limit: int(env, 'LOGIN_RATE_LIMIT', 10, 1),
      ttlMs: int(env, 'LOGIN_RATE_WINDOW_MS', 60_000, 1000),
    },
    trustProxy: parseTrustProxy(env['TRUST_PROXY']),
    apiDocs: bool(env, 'API_DOCS', !isProduction),
    webRoot: env['WEB_ROOT']?.trim() || null,
    oidc,
    isLocalLoginEnabled: loadLocalLogin(env, oidc),
  };
}
