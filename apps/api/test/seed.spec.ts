import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { demoContent, seedIfEmpty } from './support/seed.mjs';
import { createTestDatabase } from './support/test-app';

describe('demo data (SEED_LOCALE, docs/product.md § Languages)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('seeds German titles, texts, tags and framework data with SEED_LOCALE=de', async () => {
    const users = await seedIfEmpty(database.url, 'de');
    expect(users?.map((u) => u.username)).toEqual(['admin', 'alice', 'bob']);
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const tasks = await db.query<{ title: string; text: string }>('SELECT title, text FROM job_tasks ORDER BY title');
      expect(tasks.rows.map((t) => t.title)).toContain('Wohngeldanträge bearbeiten');
      expect(tasks.rows).toHaveLength(demoContent('de').tasks.length);
      const descriptions = await db.query<{ title: string; reports_to: string; total: number }>(
        `SELECT d.title, d.reports_to, sum(a.percentage)::int AS total
         FROM job_descriptions d JOIN job_description_tasks a ON a.job_description_id = d.id GROUP BY d.id ORDER BY d.title`,
      );
      expect(descriptions.rows).toEqual([
        { title: 'Leitung Finanzabteilung', reports_to: 'Kämmerei', total: 100 },
        { title: 'Sachbearbeitung Wohngeld', reports_to: 'Leitung Sozialleistungen', total: 100 },
      ]);
      const tags = await db.query<{ name: string }>('SELECT name FROM tags');
      expect(tags.rows.map((t) => t.name)).toContain('Bürgerservice');
    } finally {
      await db.end();
    }
    // Seeding is idempotent: a second start leaves the data alone.
    expect(await seedIfEmpty(database.url, 'en')).toBeNull();
  });

  it('offers the same catalogue in both languages and refuses an unknown one', () => {
    const en = demoContent('en');
    const de = demoContent('de');
    expect(de.tasks).toHaveLength(en.tasks.length);
    expect(de.tasks.map((t) => t[2])).toEqual(en.tasks.map((t) => t[2]));
    for (const { descriptions, tasks } of [en, de]) {
      const titles = new Set(tasks.map((t) => t[0]));
      for (const d of descriptions) for (const [title] of d.tasks) expect(titles).toContain(title);
    }
    expect(() => demoContent('fr')).toThrow(/SEED_LOCALE/);
  });
});
