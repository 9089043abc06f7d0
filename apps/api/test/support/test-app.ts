import type { INestApplication } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { createApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';

export const PASSWORD = 'correct-horse-battery';
export const TEST_USERS = [
  { username: 'admin', displayName: 'Ada Admin', role: 'ADMIN' },
  { username: 'alice', displayName: 'Alice Editor', role: 'EDITOR' },
  { username: 'bob', displayName: 'Bob Editor', role: 'EDITOR' },
] as const;
export type TestUsername = (typeof TEST_USERS)[number]['username'];

function serverUrl(): string {
  const url = process.env['TDGEN_TEST_SERVER_URL'];
  if (!url) throw new Error('TDGEN_TEST_SERVER_URL is not set: run the API tests through jest.config.mjs');
  return url;
}

function databaseUrl(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  /** The JWT secret every app instance on this database shares (as replicas of one deployment do). */
  jwtSecret: string;
  drop: () => Promise<void>;
}

/** A fresh, migrated database cloned from the template prepared in global-setup. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `tdgen_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${process.env['TDGEN_TEST_TEMPLATE_DB']}"`));
  return {
    name,
    url: databaseUrl(name),
    jwtSecret: randomBytes(32).toString('hex'),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export interface TestApp {
  app: INestApplication;
  /** The database; shared with other instances when one was passed to `startTestApp`. */
  database: TestDatabase;
  /** e.g. http://127.0.0.1:54321 */
  baseUrl: string;
  db: pg.Pool;
  users: Record<TestUsername, { id: number; username: string; displayName: string; role: string }>;
  /** A supertest agent already signed in as the user (keeps the session cookie). */
  agent(username: TestUsername): Promise<ReturnType<typeof request.agent>>;
  close(): Promise<void>;
}

/**
 * Starts the real application (same bootstrap as production) on a random port against its own
 * database, with the three test users. `env` overrides configuration, e.g. short lock durations;
 * `port` is for tests whose peers must know the address first (the OpenID Provider's client).
 * `database` runs the app on a database the caller created (several API instances on one
 * database, a restart): the test users are created unless there, and the caller drops it.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  { port = 0, database: shared }: { port?: number; database?: TestDatabase } = {},
): Promise<TestApp> {
  const database = shared ?? (await createTestDatabase());
  const db = new pg.Pool({ connectionString: database.url, max: 4 });
  // pool.end() resolves once its clients are told to close, not once their sockets are closed, and
  // close() drops the database WITH (FORCE) right after: a backend still closing is then terminated
  // (57P01) and the pool re-emits that on itself, which without a listener fails the test file.
  db.on('error', () => undefined);
  const users = {} as TestApp['users'];
  const passwordHash = await hash(PASSWORD);
  for (const u of TEST_USERS) {
    // On a shared database the first instance created them already.
    const { rows } = await db.query(
      `INSERT INTO users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (username) DO UPDATE SET username = EXCLUDED.username RETURNING id`,
      [u.username, u.displayName, u.role, passwordHash],
    );
    users[u.username] = { id: rows[0].id, username: u.username, displayName: u.displayName, role: u.role };
  }
  const config = loadConfig({
    DATABASE_URL: database.url,
    JWT_SECRET: database.jwtSecret,
    LOG_LEVEL: 'error',
    LOGIN_RATE_LIMIT: '1000',
    // Documents render in a worker thread, as in production (built by global-setup).
    DOCUMENT_RENDER_WORKER_SCRIPT: process.env['TDGEN_TEST_DOCUMENT_WORKER'] ?? '',
    ...env,
  });
  const app = await createApp(config);
  await app.listen(port, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    database,
    baseUrl,
    db,
    users,
    async agent(username) {
      const agent = request.agent(baseUrl);
      await agent.post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
      return agent;
    },
    async close() {
      await app.close();
      await db.end();
      if (!shared) await database.drop();
    },
  };
}
