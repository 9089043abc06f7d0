// Seeds an empty database with the demo users and sample content (idempotent: does nothing
// once any user exists). Used by `npm start` and the end-to-end server.
import { hash } from '@node-rs/argon2';
import { withClient } from './db.mjs';
import { DEMO_DESCRIPTIONS_DE, DEMO_TASKS_DE } from './seed-data.de.mjs';
import { DEMO_DESCRIPTIONS, DEMO_TASKS, DEMO_USERS } from './seed-data.mjs';

/** The demo catalogue in the language of `SEED_LOCALE` (`en`, the default, or `de`). */
export function demoContent(locale = process.env.SEED_LOCALE ?? 'en') {
  if (locale === 'de') return { tasks: DEMO_TASKS_DE, descriptions: DEMO_DESCRIPTIONS_DE };
  if (locale === 'en' || locale === '') return { tasks: DEMO_TASKS, descriptions: DEMO_DESCRIPTIONS };
  throw new Error(`SEED_LOCALE must be en or de, not ${JSON.stringify(locale)}`);
}

const titleKey = (title) => title.trim().toLowerCase();

async function setTags(c, table, column, id, tags) {
  for (const name of tags) {
    const { rows } = await c.query(
      'INSERT INTO tags (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id',
      [name],
    );
    await c.query(`INSERT INTO ${table} (${column}, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [id, rows[0].id]);
  }
}

/** Returns the created users (with their demo passwords) or null when the database was not empty. */
export async function seedIfEmpty(databaseUrl, locale = process.env.SEED_LOCALE) {
  const content = demoContent(locale);
  return withClient(databaseUrl, async (c) => {
    await c.query('BEGIN');
    try {
      await c.query('LOCK TABLE users IN EXCLUSIVE MODE');
      const { rows: existing } = await c.query('SELECT count(*)::int AS n FROM users');
      if (existing[0].n > 0) {
        await c.query('ROLLBACK');
        return null;
      }
      const ids = {};
      for (const u of DEMO_USERS) {
        const { rows } = await c.query(
          'INSERT INTO users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id',
          [u.username, u.displayName, u.role, await hash(u.password)],
        );
        ids[u.username] = rows[0].id;
      }
      const author = ids.admin;
      const taskIds = {};
      for (const [title, text, payGroup, tags] of content.tasks) {
        const { rows } = await c.query(
          `INSERT INTO job_tasks (title, title_key, text, pay_group, created_by_id, updated_by_id)
           VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
          [title, titleKey(title), text, payGroup, author],
        );
        taskIds[title] = rows[0].id;
        await setTags(c, 'job_task_tags', 'job_task_id', rows[0].id, tags);
      }
      for (const d of content.descriptions) {
        const f = d.frameworkData;
        const { rows } = await c.query(
          `INSERT INTO job_descriptions (title, title_key, task_summary, reports_to, direct_reports, authorities, education,
             created_by_id, updated_by_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
          [
            d.title,
            titleKey(d.title),
            f.taskSummary ?? null,
            f.reportsTo ?? null,
            f.directReports ?? null,
            f.authorities ?? null,
            f.education ?? null,
            author,
          ],
        );
        await setTags(c, 'job_description_tags', 'job_description_id', rows[0].id, d.tags);
        let order = 0;
        for (const [taskTitle, percentage] of d.tasks) {
          await c.query(
            'INSERT INTO job_description_tasks (job_description_id, job_task_id, "order", percentage) VALUES ($1, $2, $3, $4)',
            [rows[0].id, taskIds[taskTitle], order++, percentage],
          );
        }
      }
      await c.query('COMMIT');
      return DEMO_USERS;
    } catch (err) {
      await c.query('ROLLBACK');
      throw err;
    }
  });
}
