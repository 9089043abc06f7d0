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
    });
    expect(config.sse).toEqual({
      heartbeatIntervalMs: 30_000,
      reconnectTimeoutMs: 5_000,
      replayBuffer: 1000,
      replayBufferBytes: 4 * 1024 * 1024,
      maxConnectionsPerUser: 10,
      maxPendingBytes: 1_048_576,
    });
    expect(config.maxTasksPerDescription).toBe(10);
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
    [{ JWT_LIFETIME: 'forever' }, /JWT_LIFETIME/],
    [{ LOG_LEVEL: 'chatty' }, /LOG_LEVEL/],
    [{ CORS_ORIGIN: 'not a url' }, /CORS_ORIGIN/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: 'proxy.example' }, /TRUST_PROXY/],
    [{ API_DOCS: 'yes' }, /API_DOCS/],
    [{ SSE_REPLAY_BUFFER_BYTES: '-1' }, /SSE_REPLAY_BUFFER_BYTES/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ DATABASE_URL: '' }, /DATABASE_URL is required/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET/],
    [{ LOCK_DURATION_MS: '1000', LOCK_REFRESH_INTERVAL_MS: '2000' }, /LOCK_REFRESH_INTERVAL_MS must be shorter/],
  ])('stops with a message naming the bad variable: %j', (override, message) => {
    expect(() => loadConfig({ ...BASE, ...override })).toThrow(ConfigError);
    expect(() => loadConfig({ ...BASE, ...override })).toThrow(message);
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
