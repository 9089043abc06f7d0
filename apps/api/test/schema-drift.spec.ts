import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import pg from 'pg';
import { parsePrismaSchema, type ParsedSchema, type SchemaModel } from './support/prisma-schema';
import { createTestDatabase } from './support/test-app';

// The migrations (SQL, node-pg-migrate) and schema.prisma (what the Prisma client believes) are
// written by hand side by side; this test fails whenever the two disagree.
const SCHEMA = path.resolve(process.cwd(), '../../prisma/schema.prisma');

const PRISMA_TO_PG: Record<string, string[]> = {
  Int: ['integer', 'smallint'],
  BigInt: ['bigint'],
  String: ['text', 'character varying'],
  Boolean: ['boolean'],
  DateTime: ['timestamp with time zone'],
};

describe('schema.prisma matches the migrated database', () => {
  let db: pg.Client;
  let drop: () => Promise<void>;
  let schema: ParsedSchema;
  const columns = new Map<string, { data_type: string; is_nullable: string; udt_name: string }>();

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    schema = parsePrismaSchema(SCHEMA);
    const { rows } = await db.query(
      "SELECT table_name, column_name, data_type, is_nullable, udt_name FROM information_schema.columns WHERE table_schema = 'public'",
    );
    for (const r of rows) columns.set(`${r.table_name}.${r.column_name}`, r);
  });
  afterAll(async () => {
    await db.end();
    await drop();
  });

  const column = (model: SchemaModel, field: string) => model.fields.find((f) => f.name === field)!.column;

  /** Column lists of every unique constraint or unique index of a table (primary keys included). */
  async function uniqueColumnSets(table: string): Promise<string[][]> {
    const { rows } = await db.query(
      `SELECT array_agg(a.attname::text ORDER BY k.ord) AS cols
         FROM pg_index i
         JOIN pg_class t ON t.oid = i.indrelid
         CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE t.relname = $1 AND i.indisunique
        GROUP BY i.indexrelid`,
      [table],
    );
    return rows.map((r) => r.cols);
  }

  it('has a table for every model and a model for every table', async () => {
    const { rows } = await db.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'pgmigrations'",
    );
    expect(rows.map((r) => r.table_name).sort()).toEqual(schema.models.map((m) => m.table).sort());
  });

  it('has every scalar field as a column of the right type and nullability, and no extra columns', () => {
    for (const model of schema.models) {
      const scalars = model.fields.filter((f) => !f.isRelation);
      for (const field of scalars) {
        const col = columns.get(`${model.table}.${field.column}`);
        expect({ field: `${model.name}.${field.name}`, exists: !!col }).toEqual({
          field: `${model.name}.${field.name}`,
          exists: true,
        });
        expect({ field: `${model.name}.${field.name}`, nullable: col!.is_nullable === 'YES' }).toEqual({
          field: `${model.name}.${field.name}`,
          nullable: field.isOptional,
        });
        const enumDef = schema.enums.find((e) => e.name === field.type);
        if (enumDef) expect(col!.udt_name).toBe(enumDef.dbName);
        else expect(PRISMA_TO_PG[field.type]).toContain(col!.data_type);
        if (field.dbType === 'SmallInt') expect(col!.data_type).toBe('smallint');
        if (field.dbType === 'VarChar') expect(col!.data_type).toBe('character varying');
      }
      const modelColumns = [...columns.keys()]
        .filter((k) => k.startsWith(`${model.table}.`))
        .map((k) => k.split('.')[1]);
      expect(modelColumns.sort()).toEqual(scalars.map((f) => f.column).sort());
    }
  });

  it('has every enum with the same values', async () => {
    for (const e of schema.enums) {
      const { rows } = await db.query(
        'SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1 ORDER BY e.enumsortorder',
        [e.dbName],
      );
      expect(rows.map((r) => r.enumlabel)).toEqual(e.values);
    }
  });

  it('has every primary key, unique constraint and index', async () => {
    for (const model of schema.models) {
      const uniques = await uniqueColumnSets(model.table);
      const { rows: pk } = await db.query(
        `SELECT array_agg(a.attname::text ORDER BY k.ord) AS cols FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
           CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
          WHERE t.relname = $1 AND i.indisprimary GROUP BY i.indexrelid`,
        [model.table],
      );
      expect(pk[0]?.cols).toEqual(model.primaryKey.map((f) => column(model, f)));
      const expectedUniques = [
        ...model.fields.filter((f) => f.isUnique).map((f) => [f.column]),
        ...model.uniques.map((u) => u.map((f) => column(model, f))),
      ];
      for (const u of expectedUniques) expect(uniques).toContainEqual(u);
      const { rows: idx } = await db.query(
        `SELECT array_agg(a.attname::text ORDER BY k.ord) AS cols FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
           CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
          WHERE t.relname = $1 GROUP BY i.indexrelid`,
        [model.table],
      );
      for (const index of model.indexes)
        expect(idx.map((r) => r.cols)).toContainEqual(index.map((f) => column(model, f)));
    }
  });

  it('has a foreign key for every relation', async () => {
    const { rows } = await db.query(
      // One row per referencing column (a composite key too): the referenced table comes from the
      // constraint it points at, not from constraint_column_usage (one row per referenced column).
      `SELECT tc.table_name, array_agg(kcu.column_name::text ORDER BY kcu.ordinal_position) AS cols, ref.table_name AS ref_table
         FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name
         JOIN information_schema.referential_constraints rc ON rc.constraint_name = tc.constraint_name
         JOIN information_schema.table_constraints ref ON ref.constraint_name = rc.unique_constraint_name
        WHERE tc.constraint_type = 'FOREIGN KEY'
        GROUP BY tc.constraint_name, tc.table_name, ref.table_name`,
    );
    const foreignKeys = rows.map((r) => `${r.table_name}(${r.cols.join(',')})->${r.ref_table}`);
    let relations = 0;
    for (const model of schema.models) {
      for (const f of model.fields.filter((x) => x.relation)) {
        const target = schema.models.find((m) => m.name === f.type)!;
        expect(foreignKeys).toContain(
          `${model.table}(${f.relation!.fields.map((x) => column(model, x)).join(',')})->${target.table}`,
        );
        relations++;
      }
    }
    expect(foreignKeys).toHaveLength(relations);
  });
});
