import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PrismaService } from '../src/prisma/prisma.service';
import { insertJobTask } from './support/raw-records';
import { signIn, type Session } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';

interface PreparedRow {
  name: string;
  statement: string;
  generic_plans: bigint;
  custom_plans: bigint;
}

describe('hot statements run prepared (docs/adr/0019-prepared-statements.md)', () => {
  let t: TestApp;
  let alice: Session;

  beforeAll(async () => {
    // Two pooled connections: every statement runs on one of them, and both are read below.
    t = await startTestApp({ DATABASE_POOL_MAX: '2' });
    alice = await signIn(t, 'alice');
  });
  afterAll(() => t.close());

  /** The prepared statements of both pooled connections (each session sees only its own). */
  async function preparedStatements(): Promise<PreparedRow[]> {
    const prisma = t.app.get(PrismaService);
    const read = () =>
      prisma.$queryRaw<PreparedRow[]>`SELECT name, statement, generic_plans, custom_plans FROM pg_prepared_statements`;
    // Two at once take both connections.
    return (await Promise.all([read(), read()])).flat();
  }

  it('prepares the lock fast paths once per connection and plans them once', async () => {
    const taskId = await insertJobTask(t.db, { createdBy: t.users.admin.id });
    const fences: number[] = [];
    for (let i = 0; i < 12; i++) {
      const acquired = await alice.post('/api/locks/acquire', {
        entityType: 'JobTask',
        entityId: taskId,
        clientId: 'tab-p',
      });
      expect(acquired.status).toBe(200);
      fences.push(acquired.body.lock.fence);
      const released = await alice.post('/api/locks/release', {
        entityType: 'JobTask',
        entityId: taskId,
        clientId: 'tab-p',
      });
      expect(released.status).toBe(204);
    }
    // Every acquire is a new lock with a new fence: the prepared statement runs with each call's values.
    expect(new Set(fences).size).toBe(12);
    expect(fences).toEqual([...fences].sort((a, b) => a - b));

    const statements = await preparedStatements();
    for (const marker of ['INSERT INTO locks AS l', 'DELETE FROM locks l USING target']) {
      const rows = statements.filter((s) => s.statement.includes(marker));
      expect(rows.length).toBeGreaterThanOrEqual(1);
      for (const row of rows) expect(row.name).toMatch(/^tdgen_[0-9a-f]{24}$/);
      const runs = rows.reduce((sum, r) => sum + Number(r.generic_plans) + Number(r.custom_plans), 0);
      expect(runs).toBe(12);
      // After five calls with their own plans PostgreSQL keeps one generic plan: no planning per call.
      expect(rows.some((r) => Number(r.generic_plans) > 0)).toBe(true);
    }
    // Statements nobody marked stay unnamed (e.g. the session check), so they do not pile up here.
    expect(statements.every((s) => s.name.startsWith('tdgen_'))).toBe(true);
  });

  it('runs a catalogue page and a record prepared, with each request its own values', async () => {
    const first = await insertJobTask(t.db, { createdBy: t.users.admin.id, title: 'Prepared alpha' });
    const second = await insertJobTask(t.db, { createdBy: t.users.admin.id, title: 'Prepared beta' });
    for (const [q, id] of [
      ['prepared alpha', first],
      ['prepared beta', second],
    ] as const) {
      const page = await alice.get(`/api/job-tasks?q=${encodeURIComponent(q)}&limit=10`);
      expect(page.status).toBe(200);
      expect(page.body.items.map((item: { id: number }) => item.id)).toEqual([id]);
      const record = await alice.get(`/api/job-tasks/${id}`);
      expect(record.status).toBe(200);
      expect(record.body.id).toBe(id);
    }
    const statements = await preparedStatements();
    expect(statements.some((s) => s.statement.includes('search_matches'))).toBe(true);
    expect(statements.some((s) => s.statement.includes('WHERE t.id = $1::int'))).toBe(true);
  });

  it('prepares nothing with DATABASE_PREPARED_STATEMENTS=false', async () => {
    const plain = await startTestApp({ DATABASE_POOL_MAX: '2', DATABASE_PREPARED_STATEMENTS: 'false' });
    try {
      const bob = await signIn(plain, 'bob');
      const taskId = await insertJobTask(plain.db, { createdBy: plain.users.admin.id });
      for (let i = 0; i < 3; i++) {
        const lock = { entityType: 'JobTask', entityId: taskId, clientId: 'tab-plain' };
        expect((await bob.post('/api/locks/acquire', lock)).status).toBe(200);
        expect((await bob.post('/api/locks/release', lock)).status).toBe(204);
      }
      const prisma = plain.app.get(PrismaService);
      const read = () => prisma.$queryRaw<PreparedRow[]>`SELECT name FROM pg_prepared_statements`;
      expect((await Promise.all([read(), read()])).flat()).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
