#!/usr/bin/env node
// The server the Playwright suite runs against: a fresh database (on TEST_DATABASE_URL's server,
// else an embedded PostgreSQL in a temporary folder), migrated and seeded, the built app, and a
// real OpenID Provider (tools/oidc-test-provider.mjs) for single sign-on beside the local accounts.
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, dropDatabase, testDatabaseServer, withDatabase } from './db.mjs';
import { log, migrateAndSeed, runApi } from './launcher.mjs';
import { startOidcTestProvider } from './oidc-test-provider.mjs';

const server = await testDatabaseServer('tdgen-e2e-pg-');
const name = `tdgen_e2e_${process.pid}`;
await createDatabase(server.url, name);
const url = withDatabase(server.url, name);
const app = `http://127.0.0.1:${process.env.PORT}`;
const sso = { clientId: 'tdgen-e2e', clientSecret: 'tdgen-e2e-secret-0123456789abcdef' };
// On localhost, another site than the app's 127.0.0.1, as a real provider would be.
const provider = await startOidcTestProvider({
  client: {
    ...sso,
    redirectUri: `${app}/api/auth/oidc/callback`,
    postLogoutRedirectUri: `${app}/login`,
    backchannelLogoutUri: `${app}/api/auth/oidc/backchannel-logout`,
  },
});
// Where the browser tests find this server's database (to take it away for an outage test).
const databaseFile = path.join(os.tmpdir(), `tdgen-e2e-${process.env.PORT}.json`);
writeFileSync(databaseFile, JSON.stringify({ serverUrl: server.url, database: name }));
let code = 1;
try {
  await migrateAndSeed(url);
  log(`End-to-end server on port ${process.env.PORT}`);
  const env = {
    DATABASE_URL: url,
    JWT_SECRET: 'e2e-secret-'.padEnd(48, 'x'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    LOGIN_RATE_LIMIT: '1000',
    // Short timings so the suite sees heartbeats, refreshes and sweeps within seconds.
    SSE_HEARTBEAT_INTERVAL_MS: process.env.SSE_HEARTBEAT_INTERVAL_MS ?? '2000',
    SSE_RECONNECT_TIMEOUT_MS: process.env.SSE_RECONNECT_TIMEOUT_MS ?? '500',
    LOCK_SWEEP_INTERVAL_MS: process.env.LOCK_SWEEP_INTERVAL_MS ?? '1000',
    LOCK_ORPHAN_GRACE_MS: process.env.LOCK_ORPHAN_GRACE_MS ?? '5000',
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: sso.clientId,
    OIDC_CLIENT_SECRET: sso.clientSecret,
    OIDC_REDIRECT_URI: `${app}/api/auth/oidc/callback`,
    OIDC_SCOPES: 'openid profile email groups',
    OIDC_PROVIDER_NAME: 'Test Provider',
    OIDC_ADMIN_GROUPS: 'tdgen-admins',
  };
  // A second instance of the API on the same database (PORT + 1), for the test with two browsers
  // on two instances (docs/adr/0015-event-log-in-postgresql.md); the suite talks to PORT otherwise.
  const second = Number(process.env.PORT) + 1;
  log(`Second API instance on port ${second}`);
  // A third instance whose locks last 20 s (PORT + 2): the warning before a lock runs out
  // (docs/product.md § Locks) within a test's time, without shortening everyone else's locks.
  const shortLocks = Number(process.env.PORT) + 2;
  log(`Short-lock API instance on port ${shortLocks}`);
  const codes = await Promise.all([
    runApi({ ...env, INSTANCE_ID: 'e2e-a' }),
    runApi({ ...env, PORT: String(second), INSTANCE_ID: 'e2e-b' }),
    runApi({
      ...env,
      PORT: String(shortLocks),
      INSTANCE_ID: 'e2e-short-locks',
      LOCK_DURATION_MS: '20000',
      LOCK_REFRESH_INTERVAL_MS: '3000',
      LOCK_EXPIRY_WARNING_MS: '10000',
    }),
  ]);
  code = codes.find((c) => c !== 0) ?? 0;
} finally {
  await provider.stop();
  rmSync(databaseFile, { force: true });
  await dropDatabase(server.url, name).catch(() => undefined);
  await server.stop();
}
process.exit(code);
