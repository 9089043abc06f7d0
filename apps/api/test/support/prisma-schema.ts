import { readFileSync } from 'node:fs';

/** The parts of schema.prisma that must exist in the migrated database. */
export interface SchemaField {
  name: string;
  column: string;
  type: string;
  isList: boolean;
  isOptional: boolean;
  isRelation: boolean;
  relation?: { fields: string[]; references: string[] };
  isId: boolean;
  isUnique: boolean;
  dbType?: string;
}

export interface SchemaModel {
  name: string;
  table: string;
  fields: SchemaField[];
  primaryKey: string[];
  uniques: string[][];
  indexes: string[][];
}

export interface ParsedSchema {
  models: SchemaModel[];
  enums: { name: string; dbName: string; values: string[] }[];
}

const SCALARS = new Set(['String', 'Int', 'BigInt', 'Boolean', 'DateTime', 'Float', 'Decimal', 'Json', 'Bytes']);

function listArg(text: string, key: string): string[] | undefined {
  const m = new RegExp(`${key}:\\s*\\[([^\\]]*)\\]`).exec(text);
  return m
    ? m[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

function blockBodies(source: string, keyword: string): { name: string; body: string[] }[] {
  const out: { name: string; body: string[] }[] = [];
  const re = new RegExp(`^${keyword}\\s+(\\w+)\\s*\\{([\\s\\S]*?)^\\}`, 'gm');
  for (const m of source.matchAll(re)) {
    const body = m[2]
      .split('\n')
      .map((l) => l.replace(/\/\/.*$/, '').trim())
      .filter(Boolean);
    out.push({ name: m[1], body });
  }
  return out;
}

/** A small parser for the subset of the Prisma schema language this project uses. */
export function parsePrismaSchema(path: string): ParsedSchema {
  const source = readFileSync(path, 'utf8');
  const enums = blockBodies(source, 'enum').map(({ name, body }) => {
    const map = body.find((l) => l.startsWith('@@map('));
    return {
      name,
      dbName: map ? /"([^"]+)"/.exec(map)![1] : name,
      values: body.filter((l) => !l.startsWith('@@')),
    };
  });
  const enumNames = new Set(enums.map((e) => e.name));
  const models = blockBodies(source, 'model').map(({ name, body }) => {
    const model: SchemaModel = { name, table: name, fields: [], primaryKey: [], uniques: [], indexes: [] };
    for (const line of body) {
      if (line.startsWith('@@map(')) model.table = /"([^"]+)"/.exec(line)![1];
      else if (line.startsWith('@@id(')) model.primaryKey = listArg(`x: ${line.slice(5)}`, 'x') ?? [];
      else if (line.startsWith('@@unique(')) model.uniques.push(listArg(`x: ${line.slice(9)}`, 'x') ?? []);
      else if (line.startsWith('@@index(')) model.indexes.push(listArg(`x: ${line.slice(8)}`, 'x') ?? []);
      else if (!line.startsWith('@@')) {
        const m = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
        if (!m) throw new Error(`Cannot parse field line in ${name}: ${line}`);
        const [, fieldName, type, list, optional, attrs] = m;
        const isRelation = !SCALARS.has(type) && !enumNames.has(type);
        const relationAttr = /@relation\(([^)]*)\)/.exec(attrs)?.[1] ?? '';
        model.fields.push({
          name: fieldName,
          column: /@map\("([^"]+)"\)/.exec(attrs)?.[1] ?? fieldName,
          type,
          isList: !!list,
          isOptional: !!optional,
          isRelation,
          relation: listArg(relationAttr, 'fields')
            ? { fields: listArg(relationAttr, 'fields')!, references: listArg(relationAttr, 'references')! }
            : undefined,
          isId: /@id\b/.test(attrs),
          isUnique: /@unique\b/.test(attrs),
          dbType: /@db\.(\w+)/.exec(attrs)?.[1],
        });
      }
    }
    if (model.primaryKey.length === 0) model.primaryKey = model.fields.filter((f) => f.isId).map((f) => f.name);
    return model;
  });
  return { models, enums };
}
