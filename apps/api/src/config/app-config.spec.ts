import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig, parseDurationSeconds } from './app-config';

const BASE = { DATABASE_URL: 'postgresql://localhost/tdgen', JWT_SECRET: 's'.repeat(32) };

describe('loadConfig (README.md, Configuration)', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(BASE);
    expect(config.port).toBe(3000);
    expect(config.jwtLifetimeSeconds).toBe(12 * 3600);
    expect(config.lock).toEqual({
      durationMs: 1_800_000,
      refreshIntervalMs: 300_000,
      orphanGraceMs: 60_000,
      sweepIntervalMs: 15_000,
      handoverIdleMs: 120_000,
      handoverTimeoutMs: 60_000,
      offerMs: 30_000,
      expiryWarningMs: 120_000,
      negotiationSweepMs: 1_000,
      queueLeaveGraceMs: 10_000,
    });
    expect(config.sse).toEqual({
      heartbeatIntervalMs: 30_000,
      reconnectTimeoutMs: 5_000,
      eventRetentionMs: 24 * 3600_000,
      eventRetentionCount: 100_000,
      maxConnectionsPerUser: 10,
      maxPendingBytes: 1_048_576,
    });
    expect(config.instance).toEqual({ id: expect.any(String), heartbeatIntervalMs: 10_000, deadAfterMs: 30_000 });
    expect(loadConfig(BASE).instance.id).not.toBe(config.instance.id); // unique per start unless INSTANCE_ID is set
    expect(loadConfig({ ...BASE, INSTANCE_ID: 'api-2' }).instance.id).toBe('api-2');
    expect(config.maxTasksPerDescription).toBe(10);
    expect(config.documents).toEqual({ renderWorkers: 1, renderWorkerScript: null });
    expect(config.corsOrigin).toBeNull();
    expect(config.logLevels).toEqual(['fatal', 'error', 'warn', 'log']);
    expect(config.trustProxy).toBe(false);
    expect(config.apiDocs).toBe(true);
  });

  it('trusts only the configured proxies and turns the API docs off in production unless asked', () => {
    expect(loadConfig({ ...BASE, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(loadConfig({ ...BASE, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...BASE, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ...BASE, NODE_ENV: 'production' }).apiDocs).toBe(false);
    expect(loadConfig({ ...BASE, NODE_ENV: 'production', API_DOCS: 'true' }).apiDocs).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be between/],
    [{ LOCK_DURATION_MS: '-5' }, /LOCK_DURATION_MS/],
    [{ SSE_MAX_CONNECTIONS_PER_USER: '0' }, /SSE_MAX_CONNECTIONS_PER_USER/],
    [{ MAX_TASKS_PER_DESCRIPTION: '1.5' }, /MAX_TASKS_PER_DESCRIPTION/],
    [{ DOCUMENT_RENDER_WORKERS: '9' }, /DOCUMENT_RENDER_WORKERS must be between 0 and 8/],
    [{ JWT_LIFETIME: 'forever' }, /JWT_LIFETIME/],
    [{ LOG_LEVEL: 'chatty' }, /LOG_LEVEL/],
    [{ CORS_ORIGIN: 'not a url' }, /CORS_ORIGIN/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: 'proxy.example' }, /TRUST_PROXY/],
    [{ API_DOCS: 'yes' }, /API_DOCS/],
    [{ SSE_EVENT_RETENTION: '-1' }, /SSE_EVENT_RETENTION/],
    [{ SSE_EVENT_RETENTION: '10s' }, /SSE_EVENT_RETENTION must keep at least/],
    [{ SSE_EVENT_RETENTION: '1h,2h,3' }, /SSE_EVENT_RETENTION/],
    [{ INSTANCE_ID: 'a b' }, /INSTANCE_ID/],
    [{ INSTANCE_HEARTBEAT_INTERVAL_MS: '20000', INSTANCE_DEAD_AFTER_MS: '30000' }, /INSTANCE_DEAD_AFTER_MS/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ DATABASE_URL: '' }, /DATABASE_URL is required/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET/],
    [{ LOCK_DURATION_MS: '1000', LOCK_REFRESH_INTERVAL_MS: '2000' }, /LOCK_REFRESH_INTERVAL_MS must be shorter/],
  ])('stops with a message naming the bad variable: %j', (override, message) => {
    expect(() => loadConfig({ ...BASE, ...override })).toThrow(ConfigError);
    expect(() => loadConfig({ ...BASE, ...override })).toThrow(message);
  });

  it('reads the event retention as a duration, a count or both', () => {
    expect(loadConfig({ ...BASE, SSE_EVENT_RETENTION: '2h' }).sse).toMatchObject({
      eventRetentionMs: 7_200_000,
      eventRetentionCount: Number.MAX_SAFE_INTEGER,
    });
    expect(loadConfig({ ...BASE, SSE_EVENT_RETENTION: '500' }).sse).toMatchObject({
      eventRetentionMs: Number.MAX_SAFE_INTEGER,
      eventRetentionCount: 500,
    });
    expect(loadConfig({ ...BASE, SSE_EVENT_RETENTION: '30m, 2000' }).sse).toMatchObject({
      eventRetentionMs: 1_800_000,
      eventRetentionCount: 2000,
    });
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ DATABASE_URL: BASE.DATABASE_URL, NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET must be set/,
    );
  });

  it('parses CORS origins and durations', () => {
    expect(loadConfig({ ...BASE, CORS_ORIGIN: 'https://a.example, http://b.example:8080' }).corsOrigin).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
    expect(parseDurationSeconds('X', '30m')).toBe(1800);
    expect(parseDurationSeconds('X', '3600')).toBe(3600);
    expect(() => parseDurationSeconds('X', '5s')).toThrow(/at least 60 seconds/);
  });
});

describe('single sign-on settings (OIDC_*, LOCAL_LOGIN)', () => {
  const OIDC = {
    ...BASE,
    OIDC_ISSUER: 'https://id.example.com/realms/tdgen',
    OIDC_CLIENT_ID: 'tdgen',
    OIDC_CLIENT_SECRET: 'secret',
    OIDC_REDIRECT_URI: 'https://tdgen.example.com/api/auth/oidc/callback',
  };

  it('is off by default, with the password form on', () => {
    const config = loadConfig(BASE);
    expect(config.oidc).toBeNull();
    expect(config.isLocalLoginEnabled).toBe(true);
  });

  it('applies the documented defaults: nobody is admin by single sign-on', () => {
    expect(loadConfig(OIDC).oidc).toEqual({
      issuer: 'https://id.example.com/realms/tdgen',
      clientId: 'tdgen',
      clientSecret: 'secret',
      privateKey: null,
      redirectUri: 'https://tdgen.example.com/api/auth/oidc/callback',
      postLogoutRedirectUri: 'https://tdgen.example.com/login',
      scopes: 'openid profile email',
      providerName: 'single sign-on',
      usernameClaim: 'preferred_username',
      groupsClaim: 'groups',
      adminGroups: [],
      idTokenAlg: 'RS256',
      clockToleranceSeconds: 30,
    });
  });

  it('reads a private key instead of a secret, and the admin groups as a list', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----';
    const config = loadConfig({
      ...OIDC,
      OIDC_CLIENT_SECRET: '',
      OIDC_CLIENT_PRIVATE_KEY: pem,
      OIDC_CLIENT_PRIVATE_KEY_ID: 'k1',
      OIDC_ADMIN_GROUPS: 'tdgen-admins, /it/admins',
      LOCAL_LOGIN: 'false',
    });
    expect(config.oidc?.privateKey).toEqual({
      pem: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----',
      alg: 'RS256',
      kid: 'k1',
    });
    expect(config.oidc?.adminGroups).toEqual(['tdgen-admins', '/it/admins']);
    expect(config.isLocalLoginEnabled).toBe(false);
  });

  it.each([
    [{ ...BASE, OIDC_CLIENT_ID: 'x' }, /OIDC_CLIENT_ID is set but OIDC_ISSUER is not/],
    [{ ...OIDC, OIDC_ISSUER: 'http://id.example.com' }, /OIDC_ISSUER must be an https:\/\/ URL/],
    [{ ...OIDC, OIDC_CLIENT_ID: '' }, /OIDC_CLIENT_ID is required/],
    [{ ...OIDC, OIDC_CLIENT_SECRET: '' }, /exactly one of OIDC_CLIENT_SECRET and OIDC_CLIENT_PRIVATE_KEY/],
    [{ ...OIDC, OIDC_CLIENT_PRIVATE_KEY: 'x' }, /exactly one of/],
    [{ ...OIDC, OIDC_REDIRECT_URI: 'https://tdgen.example.com/callback' }, /OIDC_REDIRECT_URI must end in/],
    [{ ...OIDC, OIDC_SCOPES: 'profile email' }, /OIDC_SCOPES must include openid/],
    [{ ...OIDC, OIDC_ID_TOKEN_ALG: 'none' }, /OIDC_ID_TOKEN_ALG/],
    [{ ...OIDC, OIDC_ID_TOKEN_ALG: 'HS256' }, /OIDC_ID_TOKEN_ALG/],
    [{ ...OIDC, OIDC_CLOCK_TOLERANCE_S: '3600' }, /OIDC_CLOCK_TOLERANCE_S/],
    [{ ...OIDC, LOCAL_LOGIN: 'no' }, /LOCAL_LOGIN must be true or false/],
    [{ ...BASE, LOCAL_LOGIN: 'false' }, /LOCAL_LOGIN=false needs single sign-on/],
  ])('stops with a message naming the bad variable: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('accepts plain http for a provider on localhost', () => {
    const config = loadConfig({
      ...OIDC,
      OIDC_ISSUER: 'http://localhost:8080/realms/tdgen',
      OIDC_REDIRECT_URI: 'http://localhost:3000/api/auth/oidc/callback',
    });
    expect(config.oidc?.issuer).toBe('http://localhost:8080/realms/tdgen');
  });
});
