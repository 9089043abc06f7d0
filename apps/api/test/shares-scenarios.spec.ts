import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JobDescriptionDto } from '@tdgen/contracts';
import { readFileSync } from 'node:fs';
import { startTestApp, type TestApp } from './support/test-app';
import {
  captureEvents,
  createDescription,
  createTask,
  databaseFingerprint,
  expectDatabaseInvariant,
  expectShareInvariant,
  holdLock,
  TAB,
  type Agent,
} from './fixtures/domain';

interface Step {
  add?: string;
  remove?: string;
  move?: string;
  index?: number;
  set?: Record<string, number>;
  setList?: [string, number][];
  expect: number[];
  order?: string[];
  error?: string;
  status?: number;
}
interface Scenario {
  name: string;
  steps: Step[];
}

const { scenarios } = JSON.parse(
  readFileSync(new URL('./fixtures/shares-scenarios.json', import.meta.url), 'utf8'),
) as { scenarios: Scenario[] };

describe('shares and order: scenario table (docs/product.md § Shares, § Order)', () => {
  let t: TestApp;
  let admin: Agent;
  let captured: ReturnType<typeof captureEvents>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.agent('admin');
    captured = captureEvents(t);
  });
  afterAll(async () => {
    captured.stop();
    await t.close();
  });

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_, scenario) => {
    const description = await createDescription(admin);
    await holdLock(t, 'JobDescription', description.id, 'admin');
    const tasks = new Map<string, number>();
    const taskId = async (name: string) => {
      if (!tasks.has(name)) tasks.set(name, (await createTask(admin)).id);
      return tasks.get(name) as number;
    };
    const nameOf = (id: number) => [...tasks].find(([, v]) => v === id)?.[0];
    const base = `/api/job-description-tasks/${description.id}`;

    for (const [i, step] of scenario.steps.entries()) {
      const label = `step ${i + 1}: ${JSON.stringify(step)}`;
      if (step.add) await taskId(step.add);
      for (const [name] of step.setList ?? []) await taskId(name);
      const before = step.error ? await databaseFingerprint(t) : null;
      captured.clear();
      let res;
      if (step.add) {
        res = await admin
          .post('/api/job-description-tasks')
          .set('X-Client-Id', TAB)
          .send({
            jobDescriptionId: description.id,
            jobTaskId: await taskId(step.add),
            ...(step.index === undefined ? {} : { index: step.index }),
          });
      } else if (step.remove) {
        res = await admin.delete(`${base}/${await taskId(step.remove)}`).set('X-Client-Id', TAB);
      } else if (step.move) {
        res = await admin
          .patch(`${base}/${await taskId(step.move)}`)
          .set('X-Client-Id', TAB)
          .send({ index: step.index });
      } else {
        const entries = step.setList ?? Object.entries(step.set ?? {});
        const percentages = [];
        for (const [name, percentage] of entries) percentages.push({ jobTaskId: await taskId(name), percentage });
        res = await admin
          .patch(`/api/job-descriptions/${description.id}/percentages`)
          .set('X-Client-Id', TAB)
          .send({ percentages });
      }

      if (step.error) {
        expect({ label, status: res.status }).toEqual({ label, status: step.status ?? 400 });
        expect(String(res.body.message)).toContain(step.error);
        expect(await databaseFingerprint(t)).toEqual(before);
        expect(captured.events).toHaveLength(0);
      } else {
        expect({ label, status: res.status }).toEqual({ label, status: step.add ? 201 : 200 });
        const expectedType = step.add
          ? 'job-description-task:created'
          : step.remove
            ? 'job-description-task:deleted'
            : step.move
              ? 'job-description-task:reordered'
              : 'job-description-task:percentage-changed';
        expect(captured.events.map((e) => e.type)).toEqual([expectedType]);
        expect(captured.events[0].data).toMatchObject({ jobDescriptionId: description.id, jobDescription: res.body });
      }
      const current = (await admin.get(`/api/job-descriptions/${description.id}`).expect(200))
        .body as JobDescriptionDto;
      if (!step.error) expect(res.body).toEqual(current);
      expect({ label, shares: current.tasks.map((x) => x.percentage) }).toEqual({ label, shares: step.expect });
      if (step.order) {
        expect({ label, order: current.tasks.map((x) => nameOf(x.jobTaskId)) }).toEqual({ label, order: step.order });
      }
      expectShareInvariant(current);
    }
    await expectDatabaseInvariant(t);
  });
});
