import type { ListQuery } from '@tdgen/contracts';
import { likeLiteral } from '../common/like-pattern';
import { prepared } from '../prisma/prepared-statements';
import type { PageCursor } from './page-cursor';

// The catalogue lists in SQL (docs/product.md § Job tasks; docs/performance.md § Catalogue at scale):
// one statement per page that filters with the indexes of migration 1796020400000, walks the title
// order from a keyset cursor, counts, and lets PostgreSQL build the JSON of the items, so a page of
// 500 costs the API no per-row object mapping. Every user value travels as a bind parameter.

/** How one record type is listed: its table, its free-text expression and its tag link table. */
export interface ListTable {
  table: 'job_tasks' | 'job_descriptions';
  /** The expression indexed by the trigram index (the exact text of the migration, on alias `s`). */
  searchText: string;
  tagLinks: { table: 'job_task_tags' | 'job_description_tags'; column: 'job_task_id' | 'job_description_id' };
  /** The record type's own filters (e.g. the pay group), on alias `t`. */
  ownConditions?: (query: ListQuery, sql: SqlParams) => string[];
  /** The name in `catalogue_counts`. */
  countKey: 'JobTask' | 'JobDescription';
}

/** Bind parameters collected while a statement is written: `add` returns the placeholder. */
export class SqlParams {
  readonly values: unknown[] = [];
  /** Common table expressions the conditions refer to (`name AS MATERIALIZED (…)`). */
  readonly ctes: string[] = [];
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

/** The `WHERE` parts of a list (without the cursor), on alias `t`; empty when nothing is filtered. */
export function listConditions(list: ListTable, query: ListQuery, sql: SqlParams): string[] {
  const where: string[] = [];
  if (!query.includeDeleted) where.push('t.deleted_at IS NULL');
  if (query.readOnlyForEditors !== undefined) {
    where.push(`t.read_only_for_editors = ${sql.add(query.readOnlyForEditors, 'boolean')}`);
  }
  if (query.createdBy !== undefined) where.push(`t.created_by_id = ${sql.add(query.createdBy, 'int')}`);
  where.push(...dateRange('t.created_at', query.createdFrom, query.createdTo, sql));
  where.push(...dateRange('t.updated_at', query.updatedFrom, query.updatedTo, sql));
  where.push(...(list.ownConditions?.(query, sql) ?? []));
  const { table, column } = list.tagLinks;
  for (const tag of query.tags ?? []) {
    where.push(
      `EXISTS (SELECT 1 FROM ${table} l JOIN tags g ON g.id = l.tag_id
                WHERE l.${column} = t.id AND lower(g.name) = lower(${sql.add(tag, 'text')}))`,
    );
  }
  if (query.q) {
    // Two index scans (the record's text, the tag names) united, instead of an OR the planner
    // could only answer by reading every row; run once for the page and the total, and handed on
    // as an array so the rows are fetched by primary key (a join would be planned for the
    // thousands of rows a matching tag could bring and read the whole table).
    const pattern = sql.add(`%${likeLiteral(query.q)}%`, 'text');
    sql.ctes.push(`search_matches AS MATERIALIZED (SELECT array(
      SELECT s.id FROM ${list.table} s WHERE ${list.searchText} ILIKE ${pattern}
      UNION SELECT l.${column} FROM ${table} l JOIN tags g ON g.id = l.tag_id WHERE g.name ILIKE ${pattern}) AS ids)`);
    where.push(`t.id = ANY ((SELECT ids FROM search_matches)::int[])`);
  }
  return where;
}

function dateRange(column: string, from: string | undefined, to: string | undefined, sql: SqlParams): string[] {
  const parts: string[] = [];
  if (from) parts.push(`${column} >= ${sql.add(new Date(from).toISOString(), 'timestamptz')}`);
  if (to) {
    // A plain date as upper bound means "until the end of that day" (docs/product.md § Job tasks).
    if (/^\d{4}-\d{2}-\d{2}$/.test(to)) {
      parts.push(`${column} < ${sql.add(new Date(Date.parse(to) + 86_400_000).toISOString(), 'timestamptz')}`);
    } else parts.push(`${column} <= ${sql.add(new Date(to).toISOString(), 'timestamptz')}`);
  }
  return parts;
}

/**
 * The total the filter matches: read from `catalogue_counts` when only the deletion state is
 * filtered (kept exact by triggers), counted otherwise.
 */
export function totalSql(list: ListTable, query: ListQuery, where: string[]): string {
  const onlyDeletion = where.length === (query.includeDeleted ? 0 : 1);
  if (onlyDeletion) {
    const sum = query.includeDeleted ? 'live + deleted' : 'live';
    return `(SELECT ${sum} FROM catalogue_counts WHERE entity_type = '${list.countKey}')`;
  }
  return `(SELECT count(*)::int FROM ${list.table} t WHERE ${where.join(' AND ')})`;
}

/** How an item of the page row `p` becomes JSON: the expression, its joins and any CTEs they use. */
export interface PageItem {
  json: string;
  joins: string;
  ctes?: string;
}

/**
 * One page as a single row `{total, items, next_key}`: `items` is the JSON array built from
 * `itemJson` (an expression over the page row `p`, with `extraJoins`), `next_key` the JSON
 * `[titleKey, id]` of the last item when more follow.
 */
export function pageSql(
  list: ListTable,
  query: ListQuery,
  page: { limit: number; offset: number; cursor: PageCursor | null },
  item: PageItem,
): { text: string; values: unknown[] } {
  const sql = new SqlParams();
  const where = listConditions(list, query, sql);
  const total = totalSql(list, query, where);
  const pageWhere = [...where];
  if (page.cursor) {
    pageWhere.push(
      `(t.title_key, t.id) > (${sql.add(page.cursor.titleKey, 'text')}, ${sql.add(page.cursor.id, 'int')})`,
    );
  }
  const limit = sql.add(page.limit, 'int');
  const text = `
    WITH ${sql.ctes.map((cte) => `${cte},`).join(' ')} page AS MATERIALIZED (
      SELECT t.*, row_number() OVER (ORDER BY t.title_key, t.id) AS rn
        FROM (SELECT t.* FROM ${list.table} t ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''}
               ORDER BY t.title_key, t.id LIMIT ${limit} + 1 OFFSET ${sql.add(page.offset, 'int')}) t
    )${item.ctes ? `, ${item.ctes}` : ''}
    SELECT ${total} AS total,
      (SELECT coalesce(json_agg(${item.json} ORDER BY p.rn), '[]')::text FROM page p ${item.joins}
        WHERE p.rn <= ${limit}) AS items,
      (SELECT json_build_array(p.title_key, p.id)::text FROM page p
        WHERE p.rn = ${limit} AND EXISTS (SELECT 1 FROM page n WHERE n.rn > ${limit})) AS next_key`;
  return { text, values: sql.values };
}

/** One page as PostgreSQL answered it: the items' JSON text, the total and the next key. */
export interface PageRows {
  itemsJson: string;
  total: number;
  nextKey: string | null;
}

/** Runs `pageSql` (one statement, so the items and the total come from one snapshot). */
export async function queryPage(
  db: { $queryRawUnsafe<T>(query: string, ...values: unknown[]): Promise<T> },
  list: ListTable,
  query: ListQuery,
  page: { limit: number; offset: number; cursor: PageCursor | null },
  item: PageItem,
): Promise<PageRows> {
  const { text, values } = pageSql(list, query, page, item);
  // Prepared while few texts are known (MAX_PREPARED): a page's text depends only on which filters are set.
  const [row] = await db.$queryRawUnsafe<{ total: number; items: string; next_key: string | null }[]>(
    prepared(text, { variable: true }),
    ...values,
  );
  return { itemsJson: row.items, total: Number(row.total), nextKey: row.next_key };
}

/**
 * One record as its DTO in one statement (ADR 0018): the list's JSON expression over the single row
 * `id`, so a record reads the same through GET /:id, a mutation's response and a list page.
 */
export function recordSql(table: ListTable['table'], item: PageItem): string {
  return `WITH page AS MATERIALIZED (SELECT t.* FROM ${table} t WHERE t.id = $1::int)${item.ctes ? `, ${item.ctes}` : ''}
    SELECT (${item.json})::text AS json FROM page p ${item.joins}`;
}

/** Runs `recordSql`: the record's DTO, or null when there is no such row. */
export async function queryRecord<T>(
  db: { $queryRawUnsafe<R>(query: string, ...values: unknown[]): Promise<R> },
  table: ListTable['table'],
  id: number,
  item: PageItem,
): Promise<T | null> {
  const rows = await db.$queryRawUnsafe<{ json: string }[]>(prepared(recordSql(table, item)), id);
  return rows.length === 0 ? null : (JSON.parse(rows[0].json) as T);
}
