import type pg from 'pg';

/**
 * Inserts job tasks and descriptions straight into the database, for tests of locks and events
 * that must not depend on the domain API.
 */
export interface RecordOptions {
  title?: string;
  createdBy: number;
  readOnlyForEditors?: boolean;
  deleted?: boolean;
}

let counter = 0;

async function insert(db: pg.Pool, table: 'job_tasks' | 'job_descriptions', o: RecordOptions): Promise<number> {
  const title = o.title ?? `${table} fixture ${++counter} ${Math.random().toString(36).slice(2, 8)}`;
  const { rows } = await db.query(
    `INSERT INTO ${table} (title, title_key, read_only_for_editors, created_by_id, updated_by_id, deleted_at, deleted_by_id)
     VALUES ($1::varchar, lower(trim($1::varchar)), $2::boolean, $3::int, $3::int,
             CASE WHEN $4::boolean THEN now() END, CASE WHEN $4::boolean THEN $3::int END)
     RETURNING id`,
    [title, o.readOnlyForEditors ?? false, o.createdBy, o.deleted ?? false],
  );
  return rows[0].id as number;
}

export function insertJobTask(db: pg.Pool, options: RecordOptions): Promise<number> {
  return insert(db, 'job_tasks', options);
}

export function insertJobDescription(db: pg.Pool, options: RecordOptions): Promise<number> {
  return insert(db, 'job_descriptions', options);
}
