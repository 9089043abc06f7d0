import { createHash } from 'node:crypto';

/**
 * The statements the API runs again and again on its hot paths (a lock acquire or release, a
 * record's DTO, a catalogue page), run as named prepared statements (docs/adr/0019-prepared-statements.md).
 *
 * PostgreSQL parses and plans an unnamed statement on every call: for the one-statement lock
 * acquire that was 0.7 of its 0.9 ms in the server. A named statement is parsed once per pooled
 * connection and, after a few calls, planned once. Prisma's pg adapter passes the name this
 * registry gives a statement's SQL text (`statementNameGenerator`); node-postgres prepares it on
 * each connection the first time and afterwards only binds and executes.
 *
 * Only texts marked with `prepared()` get a name: every connection keeps each prepared statement
 * (and its plan) for its lifetime, so the set must stay small. Statements of a fixed text (a lock
 * fast path, a record's DTO) are at most `MAX_PREPARED`; texts that vary with a request (a
 * catalogue page, whose text depends on which filters are set) are marked `variable` and at most
 * `MAX_VARIABLE` of them get a name — the first ones met, which in practice are the common lists —
 * so they can never crowd out the fixed ones. A marked statement's result columns must be named
 * (no `SELECT *` at the top): a migration that adds a column would otherwise make PostgreSQL refuse
 * the prepared statement of an instance still running the previous release ("cached plan must not
 * change result type").
 */
export const MAX_PREPARED = 64;
export const MAX_VARIABLE = 32;

const names = new Map<string, string>();
let fixedCount = 0;
let variableCount = 0;

/** Marks a statement's SQL (a Prisma.Sql, or the text of a `$queryRawUnsafe`) to run prepared; returns it. */
export function prepared<T extends string | { text: string }>(statement: T, { variable = false } = {}): T {
  const text = typeof statement === 'string' ? statement : statement.text;
  if (names.has(text)) return statement;
  if (variable ? variableCount >= MAX_VARIABLE : fixedCount >= MAX_PREPARED) return statement;
  if (variable) variableCount += 1;
  else fixedCount += 1;
  names.set(text, `tdgen_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`);
  return statement;
}

/** The statement name of a marked SQL text, else undefined (Prisma's adapter then sends it unnamed). */
export function preparedStatementName(text: string): string | undefined {
  return names.get(text);
}

/** How many texts are marked (for tests). */
export function preparedStatementCount(): number {
  return names.size;
}
