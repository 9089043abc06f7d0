#!/usr/bin/env node
// `npm run seed:large -- --tasks 10000 --descriptions 2000 [--reset]`: a catalogue at scale for
// benchmarks and trying the app with realistic volumes (docs/performance.md § Catalogue at scale).
// Uses DATABASE_URL, or the embedded database of `npm start` when it is running. The demo users must
// exist (any `npm start` created them); with --reset every task, description and tag is deleted first.
//
// Rows go in as a few multi-row statements (arrays unnested by PostgreSQL, 5,000 rows each), not one
// ORM call per row: 100,000 tasks and 20,000 descriptions take seconds.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ROOT, withClient } from './db.mjs';
import { DEMO_DESCRIPTIONS, DEMO_TASKS } from './seed-data.mjs';

const BATCH = 5_000;
/** The units seeded titles name, "(<unit> <six digits>)" (the catalogue benchmark's search terms use them). */
export const UNITS = [
  'North',
  'South',
  'East',
  'West',
  'Centre',
  'Harbour',
  'Old Town',
  'Riverside',
  'Hillside',
  'Airport',
];
const AREA_TAGS = ['district office', 'head office', 'field service', 'back office', 'front office', 'project'];
const SENTENCES = [
  'Documents every step in the case management system.',
  'Coordinates with neighbouring authorities where responsibilities overlap.',
  'Keeps deadlines and escalates cases that cannot be decided in time.',
  'Prepares monthly statistics for the head of unit.',
  'Trains new colleagues and answers their questions.',
  'Applies the current regulations and internal guidelines.',
  'Represents the unit towards citizens, companies and associations.',
  'Checks submitted evidence and requests what is missing.',
];

/** A deterministic pseudo-random sequence (same data for the same arguments, run after run). */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const titleKey = (title) => title.trim().toLowerCase();

/** Equal shares of 100 in steps of 5 for `count` tasks (the remainder to the first ones). */
export function equalShares(count) {
  const base = Math.floor(20 / count);
  return Array.from({ length: count }, (_, i) => (base + (i < 20 - base * count ? 1 : 0)) * 5);
}

async function insertRows(c, sql, columns) {
  const length = columns[0].values.length;
  for (let start = 0; start < length; start += BATCH) {
    await c.query(
      sql,
      columns.map((col) => col.values.slice(start, start + BATCH)),
    );
  }
}

/**
 * Adds `tasks` job tasks (text, pay group, one to three tags; every 50th soft-deleted) and
 * `descriptions` job descriptions (framework data, a tag, three to ten of those tasks with shares).
 * @returns {Promise<{ tasks: number, descriptions: number, ms: number }>}
 */
export async function seedLarge(databaseUrl, { tasks, descriptions, reset = false, log = () => undefined }) {
  const startedAt = Date.now();
  await withClient(databaseUrl, async (c) => {
    await c.query('BEGIN');
    try {
      const { rows: users } = await c.query('SELECT id FROM users ORDER BY id');
      if (users.length === 0) throw new Error('No users: start the app once (npm start) so the demo users exist');
      if (reset) {
        await c.query(
          'TRUNCATE job_description_tasks, job_description_tags, job_task_tags, job_descriptions, job_tasks, tags',
        );
        await c.query("DELETE FROM locks WHERE entity_type IN ('JobTask', 'JobDescription')");
      }
      // Numbers continue after what exists, so a second run adds rows instead of clashing on titles.
      const { rows: counters } = await c.query(
        'SELECT (SELECT coalesce(max(id), 0) FROM job_tasks) AS t, (SELECT coalesce(max(id), 0) FROM job_descriptions) AS d',
      );
      const next = random(tasks * 31 + descriptions);
      const pick = (list) => list[Math.floor(next() * list.length)];
      const userIds = users.map((u) => u.id);

      const tagNames = [
        ...new Set([...DEMO_TASKS.flatMap((t) => t[3]), ...AREA_TAGS, ...UNITS.map((u) => `unit ${u}`)]),
      ];
      await c.query('INSERT INTO tags (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING', [tagNames]);

      log(`${tasks} tasks ...`);
      const task = { title: [], key: [], text: [], pay: [], by: [], deleted: [], at: [] };
      const taskTags = { title: [], tag: [] };
      const base = Date.parse('2026-01-01T00:00:00Z');
      for (let i = 0; i < tasks; i++) {
        const n = Number(counters[0].t) + i + 1;
        const [demoTitle, demoText, demoPay, demoTags] = DEMO_TASKS[Math.floor(next() * DEMO_TASKS.length)];
        const unit = pick(UNITS);
        const title = `${demoTitle} (${unit} ${String(n).padStart(6, '0')})`;
        task.title.push(title);
        task.key.push(titleKey(title));
        task.text.push(
          `${demoText}<p>${pick(SENTENCES)} ${pick(SENTENCES)}</p><ul><li>unit ${unit}</li><li>case ${n}</li></ul>`,
        );
        task.pay.push(next() < 0.1 ? null : Math.max(1, Math.min(15, demoPay + Math.floor(next() * 3) - 1)));
        task.by.push(pick(userIds));
        task.deleted.push(i % 50 === 49);
        task.at.push(new Date(base + Math.floor(next() * 300 * 86_400_000)).toISOString());
        for (const tag of new Set([...demoTags.slice(0, 2), next() < 0.5 ? pick(AREA_TAGS) : `unit ${unit}`])) {
          taskTags.title.push(task.key[i]);
          taskTags.tag.push(tag);
        }
      }
      await insertRows(
        c,
        `INSERT INTO job_tasks (title, title_key, text, pay_group, created_by_id, updated_by_id, created_at, updated_at,
           deleted_at, deleted_by_id)
         SELECT title, key, text, pay, by, by, at, at, CASE WHEN deleted THEN at END, CASE WHEN deleted THEN by END
           FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::bool[], $7::timestamptz[])
             AS r(title, key, text, pay, by, deleted, at)`,
        [task.title, task.key, task.text, task.pay, task.by, task.deleted, task.at].map((values) => ({ values })),
      );
      await insertRows(
        c,
        `INSERT INTO job_task_tags (job_task_id, tag_id)
         SELECT t.id, g.id FROM unnest($1::text[], $2::text[]) AS r(key, tag)
           JOIN job_tasks t ON t.title_key = r.key JOIN tags g ON g.name = r.tag`,
        [taskTags.title, taskTags.tag].map((values) => ({ values })),
      );

      log(`${descriptions} descriptions ...`);
      const { rows: live } = await c.query('SELECT id FROM job_tasks WHERE deleted_at IS NULL ORDER BY id');
      if (descriptions > 0 && live.length < 10) throw new Error('Descriptions need at least 10 live tasks');
      const d = { title: [], key: [], summary: [], reports: [], education: [], by: [], at: [] };
      const links = { key: [], task: [], order: [], share: [] };
      const descTags = { key: [], tag: [] };
      for (let i = 0; i < descriptions; i++) {
        const n = Number(counters[0].d) + i + 1;
        const demo = DEMO_DESCRIPTIONS[i % DEMO_DESCRIPTIONS.length];
        const unit = pick(UNITS);
        const title = `${demo.title} (${unit} ${String(n).padStart(6, '0')})`;
        const key = titleKey(title);
        d.title.push(title);
        d.key.push(key);
        d.summary.push(`${demo.frameworkData.taskSummary ?? ''} ${pick(SENTENCES)}`.trim());
        d.reports.push(`Head of unit ${unit}`);
        d.education.push(demo.frameworkData.education ?? null);
        d.by.push(pick(userIds));
        d.at.push(new Date(base + Math.floor(next() * 300 * 86_400_000)).toISOString());
        const count = 3 + Math.floor(next() * 8);
        const chosen = new Set();
        while (chosen.size < count) chosen.add(live[Math.floor(next() * live.length)].id);
        const shares = equalShares(count);
        [...chosen].forEach((taskId, order) => {
          links.key.push(key);
          links.task.push(taskId);
          links.order.push(order);
          links.share.push(shares[order]);
        });
        for (const tag of new Set([...demo.tags, `unit ${unit}`])) {
          descTags.key.push(key);
          descTags.tag.push(tag);
        }
      }
      await insertRows(
        c,
        `INSERT INTO job_descriptions (title, title_key, task_summary, reports_to, education, created_by_id, updated_by_id,
           created_at, updated_at)
         SELECT title, key, summary, reports, education, by, by, at, at
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::timestamptz[])
             AS r(title, key, summary, reports, education, by, at)`,
        [d.title, d.key, d.summary, d.reports, d.education, d.by, d.at].map((values) => ({ values })),
      );
      await insertRows(
        c,
        `INSERT INTO job_description_tasks (job_description_id, job_task_id, "order", percentage)
         SELECT jd.id, r.task, r.ord, r.share FROM unnest($1::text[], $2::int[], $3::int[], $4::int[]) AS r(key, task, ord, share)
           JOIN job_descriptions jd ON jd.title_key = r.key`,
        [links.key, links.task, links.order, links.share].map((values) => ({ values })),
      );
      await insertRows(
        c,
        `INSERT INTO job_description_tags (job_description_id, tag_id)
         SELECT jd.id, g.id FROM unnest($1::text[], $2::text[]) AS r(key, tag)
           JOIN job_descriptions jd ON jd.title_key = r.key JOIN tags g ON g.name = r.tag`,
        [descTags.key, descTags.tag].map((values) => ({ values })),
      );
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK');
      throw err;
    }
    // Fresh statistics, so the first queries are planned for the new sizes; the visibility map
    // (index-only scans) and the trigram indexes' pending lists brought up to date.
    await c.query(
      'VACUUM ANALYZE job_tasks, job_task_tags, job_descriptions, job_description_tasks, job_description_tags, tags',
    );
    // Written behind the API's back: running instances drop what they cached of the lists
    // (ADR 0018 § Page cache; the control message ChangeClock listens for).
    await c.query(`SELECT pg_notify('tdgen_control', '{"kind":"data-changed"}')`);
  });
  return { tasks, descriptions, ms: Date.now() - startedAt };
}

function databaseUrl() {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  try {
    return readFileSync(path.join(ROOT, '.data', 'database-url'), 'utf8').trim();
  } catch {
    console.error(
      'DATABASE_URL is not set and no embedded database was found (.data/database-url); run `npm start` first',
    );
    process.exit(2);
  }
}

function count(name, raw, max) {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    console.error(`--${name} must be a whole number between 0 and ${max}, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      tasks: { type: 'string', default: '10000' },
      descriptions: { type: 'string', default: '2000' },
      reset: { type: 'boolean', default: false },
    },
  });
  const result = await seedLarge(databaseUrl(), {
    tasks: count('tasks', values.tasks, 1_000_000),
    descriptions: count('descriptions', values.descriptions, 200_000),
    reset: values.reset,
    log: (m) => console.log(m),
  });
  console.log(
    `Added ${result.tasks} tasks and ${result.descriptions} descriptions in ${(result.ms / 1000).toFixed(1)} s`,
  );
}
