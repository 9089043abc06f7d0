import { describe, expect, it } from '@jest/globals';
import {
  MAX_PREPARED,
  MAX_VARIABLE,
  prepared,
  preparedStatementCount,
  preparedStatementName,
} from './prepared-statements';

describe('prepared statement names', () => {
  it('names a marked text, the same name each time, and leaves others unnamed', () => {
    const text = 'SELECT $1::int AS one';
    expect(prepared(text)).toBe(text);
    const name = preparedStatementName(text);
    expect(name).toMatch(/^tdgen_[0-9a-f]{24}$/);
    prepared(text);
    expect(preparedStatementName(text)).toBe(name);
    expect(preparedStatementName('SELECT 2')).toBeUndefined();
    // A Prisma.Sql-like object is marked by its text.
    const sql = { text: 'SELECT $1::text AS two', values: ['x'] };
    expect(prepared(sql)).toBe(sql);
    expect(preparedStatementName(sql.text)).toMatch(/^tdgen_/);
  });

  it('names at most MAX_VARIABLE varying texts, and they never crowd out the fixed ones', () => {
    const before = preparedStatementCount();
    for (let i = 0; i < MAX_VARIABLE + 10; i++) prepared(`SELECT ${i} AS page`, { variable: true });
    expect(preparedStatementCount() - before).toBe(MAX_VARIABLE);
    expect(preparedStatementName(`SELECT ${MAX_VARIABLE + 5} AS page`)).toBeUndefined();
    prepared('SELECT $1::int AS fixed');
    expect(preparedStatementName('SELECT $1::int AS fixed')).toMatch(/^tdgen_/);
    for (let i = 0; i < MAX_PREPARED + 10; i++) prepared(`SELECT ${i} AS fixed_${i}`);
    // Both budgets are full now (this file's earlier fixed texts count too), and nothing more is named.
    expect(preparedStatementCount()).toBe(MAX_VARIABLE + MAX_PREPARED);
    prepared('SELECT 1 AS one_too_many');
    expect(preparedStatementName('SELECT 1 AS one_too_many')).toBeUndefined();
  });
});
