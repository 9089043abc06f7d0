import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { insertJobTask } from './support/raw-records';
import { signIn, SseClient, type Session } from './support/sse-client';
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from './support/test-app';
import { waitUntil } from './support/wait-until';

/**
 * The negotiation's rules with several API instances and across a restart (docs/product.md § Locks,
 * docs/adr/0016-negotiable-locks-in-postgresql.md): every deadline is a timestamp in PostgreSQL,
 * decided by whichever instance's sweeper locks the row first — exactly once — and a new instance
 * picks up what a stopped one left.
 */
describe('negotiable locks on several instances (docs/product.md § Locks)', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let alice: Session;
  let bob: Session;
  let admin: Session;
  const env = { LOCK_NEGOTIATION_SWEEP_MS: '100', LOCK_QUEUE_LEAVE_GRACE_MS: '600000' };
  const post = (app: TestApp, s: Session, path: string, body: object) =>
    request(app.baseUrl).post(path).set('Cookie', s.cookie).send(body);
  const ref = (entityId: number, clientId: string) => ({ entityType: 'JobTask', entityId, clientId });
  /** The events of one type about one record, as the shared log holds them. */
  const logged = async (type: string, entityId: number) =>
    (await a.db.query<{ envelope: string }>('SELECT envelope FROM events ORDER BY id')).rows
      .map((r) => JSON.parse(r.envelope))
      .filter((e) => e.type === type && JSON.stringify(e.data).includes(`"entityId":${entityId},`));

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await startTestApp({ ...env, INSTANCE_ID: 'negotiation-a' }, { database });
    b = await startTestApp({ ...env, INSTANCE_ID: 'negotiation-b' }, { database });
    [alice, bob, admin] = await Promise.all([signIn(a, 'alice'), signIn(b, 'bob'), signIn(a, 'admin')]);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await database.drop();
  });

  it('a handover deadline is decided once although both instances sweep', async () => {
    const id = await insertJobTask(a.db, { createdBy: alice.id });
    await post(a, alice, '/api/locks/acquire', ref(id, 'a1')).expect(200);
    await post(b, bob, '/api/locks/handover/request', ref(id, 'b1')).expect(200);
    await a.db.query(`UPDATE lock_handover_requests SET decide_by = now() - interval '1 second' WHERE entity_id = $1`, [
      id,
    ]);
    await waitUntil(async () => (await logged('lock:handed-over', id)).length > 0, 'the handover');
    await new Promise((resolve) => setTimeout(resolve, 500)); // several more sweeps of both
    expect(await logged('lock:handed-over', id)).toHaveLength(1);
    const status = await request(b.baseUrl)
      .get(`/api/locks/status?entityType=JobTask&entityId=${id}`)
      .set('Cookie', bob.cookie)
      .expect(200);
    expect(status.body.lock).toMatchObject({ holder: { id: bob.id }, clientId: 'b1' });
  });

  it('an offer that runs out moves on once, and the waiter on the other instance is told live', async () => {
    const id = await insertJobTask(a.db, { createdBy: alice.id });
    const adminStream = await SseClient.connect(b.baseUrl, { cookie: admin.cookie, clientId: 'd1' });
    try {
      await post(a, alice, '/api/locks/acquire', ref(id, 'a1')).expect(200);
      await post(b, bob, '/api/locks/queue/join', ref(id, 'b1')).expect(200);
      await post(b, admin, '/api/locks/queue/join', ref(id, 'd1')).expect(200);
      await post(a, alice, '/api/locks/release', ref(id, 'a1')).expect(204);
      await a.db.query(`UPDATE lock_lines SET offer_expires_at = now() - interval '1 second' WHERE entity_id = $1`, [
        id,
      ]);
      const offered = await adminStream.waitFor(
        (e) => e.type === 'lock:offered' && JSON.stringify(e.data).includes('"clientId":"d1"'),
        'the offer to the admin',
      );
      expect(offered.data).toMatchObject({ offer: { entityId: id, user: { id: admin.id } } });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const offers = await logged('lock:offered', id);
      expect(offers.map((e) => e.data.offer.user.id)).toEqual([bob.id, admin.id]);
      await post(a, bob, '/api/locks/acquire', ref(id, 'b1')).expect(423);
      await post(a, admin, '/api/locks/acquire', ref(id, 'd1')).expect(200);
    } finally {
      adminStream.close();
    }
  });

  it('a request open when every instance stops is decided after the restart', async () => {
    const id = await insertJobTask(a.db, { createdBy: alice.id });
    await post(b, alice, '/api/locks/acquire', ref(id, 'a1')).expect(200);
    await post(b, bob, '/api/locks/handover/request', ref(id, 'b1')).expect(200);
    await a.close();
    await b.close();
    // The deadline passes while nothing runs.
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    await pool.query(`UPDATE lock_handover_requests SET decide_by = now() - interval '1 second' WHERE entity_id = $1`, [
      id,
    ]);
    await pool.end();
    a = await startTestApp({ ...env, INSTANCE_ID: 'negotiation-a-restarted' }, { database });
    b = await startTestApp({ ...env, INSTANCE_ID: 'negotiation-b-restarted' }, { database });
    await waitUntil(async () => (await logged('lock:handed-over', id)).length === 1, 'the handover after the restart');
    const [event] = await logged('lock:handed-over', id);
    expect(event.data).toMatchObject({ reason: 'timeout', lock: { holder: { id: bob.id }, clientId: 'b1' } });
  });
});
