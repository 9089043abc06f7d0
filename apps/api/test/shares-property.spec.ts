import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { distributeProportionally, sharesAfterAdd, sharesAfterRemove, type JobDescriptionDto } from '@tdgen/contracts';
import fc from 'fast-check';
import { startTestApp, type TestApp } from './support/test-app';
import { createTask, expectDatabaseInvariant, expectShareInvariant, TAB, type Agent } from './fixtures/domain';

const MAX_TASKS = 10;
const TASK_POOL = 12;
const PARALLEL = 4;
/** 60 runs × 4 sequences = 240 random sequences. */
const RUNS = 60;

type Command =
  | { kind: 'add'; task: number; index: number | undefined }
  | { kind: 'move'; pick: number; index: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'resize'; weights: number[]; corrupt: boolean };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      task: fc.nat(TASK_POOL - 1),
      index: fc.option(fc.nat(20), { nil: undefined }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), pick: fc.nat(20), index: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat(20) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('resize' as const),
      weights: fc.array(fc.integer({ min: 1, max: 30 }), { minLength: MAX_TASKS, maxLength: MAX_TASKS }),
      corrupt: fc.boolean(),
    }),
  },
);

/** One association as the model keeps it: in order, with its share. */
interface Slot {
  taskId: number;
  percentage: number;
}

/**
 * Random add/move/remove/resize sequences against the API. After every step the response must equal
 * a model built from the share functions of libs/contracts (docs/product.md § Shares, § Order) and keep the invariant;
 * refused steps (duplicate, limit, bad index, invalid shares) must change nothing.
 */
describe('shares and order: property test (docs/product.md § Shares, § Order)', () => {
  let t: TestApp;
  let admin: Agent;
  let taskIds: number[];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.agent('admin');
    taskIds = [];
    for (let i = 0; i < TASK_POOL; i++) taskIds.push((await createTask(admin)).id);
  });
  afterAll(() => t.close());

  /** A fresh description, straight in the database (faster than the API), with the admin's lock. */
  async function freshDescription(run: number): Promise<number> {
    const title = `Property run ${run} ${Math.random().toString(36).slice(2)}`;
    const { rows } = await t.db.query<{ id: number }>(
      `INSERT INTO job_descriptions (title, title_key, created_by_id, updated_by_id) VALUES ($1, $2, $3, $3) RETURNING id`,
      [title, title.toLowerCase(), t.users.admin.id],
    );
    await t.db.query(
      `INSERT INTO locks (entity_type, entity_id, user_id, client_id, acquired_at, expires_at)
       VALUES ('JobDescription', $1, $2, $3, now(), now() + interval '30 min')`,
      [rows[0].id, t.users.admin.id, TAB],
    );
    return rows[0].id;
  }

  async function apply(id: number, model: Slot[], cmd: Command): Promise<Slot[]> {
    const n = model.length;
    const base = `/api/job-description-tasks/${id}`;
    let expected: Slot[] | null = null;
    let res;
    switch (cmd.kind) {
      case 'add': {
        const taskId = taskIds[cmd.task];
        const index = cmd.index === undefined ? undefined : cmd.index % (n + 2);
        res = await admin
          .post('/api/job-description-tasks')
          .set('X-Client-Id', TAB)
          .send({ jobDescriptionId: id, jobTaskId: taskId, ...(index === undefined ? {} : { index }) });
        if (model.some((s) => s.taskId === taskId) || n >= MAX_TASKS) expect(res.status).toBe(409);
        else if (index !== undefined && index > n) expect(res.status).toBe(400);
        else {
          const at = index ?? n;
          const ids = model.map((s) => s.taskId);
          ids.splice(at, 0, taskId);
          const shares = sharesAfterAdd(
            model.map((s) => s.percentage),
            at,
          );
          expected = ids.map((taskId, i) => ({ taskId, percentage: shares[i] }));
          expect(res.status).toBe(201);
        }
        break;
      }
      case 'move': {
        const target = n ? model[cmd.pick % n].taskId : taskIds[cmd.pick % TASK_POOL];
        const index = cmd.index % (n + 1);
        res = await admin.patch(`${base}/${target}`).set('X-Client-Id', TAB).send({ index });
        if (!n) expect(res.status).toBe(404);
        else if (index >= n) expect(res.status).toBe(400);
        else {
          expected = [...model];
          const [moving] = expected.splice(cmd.pick % n, 1);
          expected.splice(index, 0, moving);
          expect(res.status).toBe(200);
        }
        break;
      }
      case 'remove': {
        const target = n ? model[cmd.pick % n].taskId : taskIds[cmd.pick % TASK_POOL];
        res = await admin.delete(`${base}/${target}`).set('X-Client-Id', TAB);
        if (!n) expect(res.status).toBe(404);
        else {
          const at = cmd.pick % n;
          const shares = sharesAfterRemove(
            model.map((s) => s.percentage),
            at,
          );
          expected = model.filter((_, i) => i !== at).map((s, i) => ({ taskId: s.taskId, percentage: shares[i] }));
          expect(res.status).toBe(200);
        }
        break;
      }
      case 'resize': {
        if (!n) return model;
        const shares = distributeProportionally(cmd.weights.slice(0, n), 100);
        if (cmd.corrupt) shares[0] += 5; // sum 105: must be refused
        res = await admin
          .patch(`/api/job-descriptions/${id}/percentages`)
          .set('X-Client-Id', TAB)
          .send({ percentages: model.map((s, i) => ({ jobTaskId: s.taskId, percentage: shares[i] })) });
        if (cmd.corrupt) expect(res.status).toBe(400);
        else {
          expected = model.map((s, i) => ({ taskId: s.taskId, percentage: shares[i] }));
          expect(res.status).toBe(200);
        }
        break;
      }
    }
    if (!expected) return model;
    const description = res.body as JobDescriptionDto;
    expect(description.tasks.map((x) => ({ taskId: x.jobTaskId, percentage: x.percentage }))).toEqual(expected);
    expectShareInvariant(description);
    return expected;
  }

  it('keeps sum = 100, multiples of 5, each ≥ 5 and orders 0…n−1 through random sequences', async () => {
    let sequences = 0;
    const runSequence = async (commands: Command[]) => {
      const id = await freshDescription(++sequences);
      let model: Slot[] = [];
      for (const cmd of commands) model = await apply(id, model, cmd);
      const { rows } = await t.db.query<Slot>(
        `SELECT job_task_id AS "taskId", percentage FROM job_description_tasks WHERE job_description_id = $1 ORDER BY "order"`,
        [id],
      );
      expect(rows).toEqual(model);
    };
    // Each run drives four descriptions at once: the sequences are independent, and running them
    // side by side keeps a few hundred sequences within seconds (and exercises concurrent writers).
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(command, { minLength: 1, maxLength: 10 }), { minLength: PARALLEL, maxLength: PARALLEL }),
        async (batch) => {
          await Promise.all(batch.map(runSequence));
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(sequences).toBeGreaterThanOrEqual(RUNS * PARALLEL);
    await expectDatabaseInvariant(t);
  }, 120_000);
});
