import type { OpenAPIObject } from '@nestjs/swagger';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
const METHODS: Method[] = ['get', 'post', 'patch', 'put', 'delete'];

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
}

export interface SweepCase {
  name: string;
  /** The endpoint as documented, e.g. `PATCH /api/job-tasks/{id}`. */
  endpoint: string;
  method: Method;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  raw?: { type: string; data: string };
  /** True when any answer below 500 is right (a query value that is merely unusual). */
  mayPass?: boolean;
}

/** 20,000 levels of nesting in under 40 kB: it overflowed the stack of validation (a 500). */
export const DEEP_JSON = '['.repeat(20_000) + ']'.repeat(20_000);

const BAD_PATH_VALUES = ['abc', '0', '-1', '99999999999', '%00'];
const BAD_VALUES: Record<string, unknown[]> = {
  string: ['a\u0000b', 12345, { a: 1 }],
  integer: ['abc', 1.5, 2 ** 31],
  number: ['abc', {}],
  boolean: ['yes', 1],
  array: ['x', { a: 1 }],
  object: ['x', [1]],
};

function resolve(doc: OpenAPIObject, schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema;
  const name = schema.$ref.split('/').pop()!;
  return doc.components?.schemas?.[name] as Schema | undefined;
}

/**
 * Bad-input cases for every operation of the OpenAPI document, so a new endpoint is swept
 * without anyone remembering to add it: each path parameter with ids that are not ids, each
 * documented query parameter with junk, each property of a JSON body with values of the wrong
 * type or with a NUL character, transport junk (malformed, over-deep JSON, a JSON array) and —
 * for mutations — a forged `Origin: null` and a malformed Origin. `valid` fills path parameters
 * with existing ids where a case varies something else.
 */
export function sweepCasesFromOpenApi(doc: OpenAPIObject, valid: (param: string) => string): SweepCase[] {
  const cases: SweepCase[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const endpoint = `${method.toUpperCase()} ${path}`;
      const params = (op.parameters ?? []) as { name: string; in: string; schema?: Schema }[];
      const fill = (override?: [string, string]) =>
        path.replace(/\{(\w+)\}/g, (_, name: string) => (override?.[0] === name ? override[1] : valid(name)));
      const add = (c: Omit<SweepCase, 'endpoint' | 'method'>) => cases.push({ endpoint, method, ...c });
      const isMutation = method !== 'get';

      for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
        for (const bad of BAD_PATH_VALUES) {
          add({ name: `${endpoint} ${name}=${bad}`, url: fill([name, encodeURIComponent(bad)]) });
        }
      }
      for (const p of params.filter((p) => p.in === 'query')) {
        for (const bad of ['%00', 'x'.repeat(5000), 'a&' + p.name + '=b']) {
          add({ name: `${endpoint} ?${p.name}=${bad.slice(0, 12)}`, url: `${fill()}?${p.name}=${bad}`, mayPass: true });
        }
      }
      if (isMutation) {
        add({ name: `${endpoint} Origin: null`, url: fill(), headers: { Origin: 'null' }, body: {} });
        add({ name: `${endpoint} malformed Origin`, url: fill(), headers: { Origin: 'http://[::1' }, body: {} });
      }
      const schema = resolve(
        doc,
        (op.requestBody as { content?: Record<string, { schema?: Schema }> })?.content?.['application/json']?.schema,
      );
      if (!schema) continue;
      add({ name: `${endpoint} deep JSON`, url: fill(), raw: { type: 'application/json', data: DEEP_JSON } });
      add({
        name: `${endpoint} deep JSON object`,
        url: fill(),
        raw: { type: 'application/json', data: '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) },
      });
      add({ name: `${endpoint} malformed JSON`, url: fill(), raw: { type: 'application/json', data: '{"x": ' } });
      add({ name: `${endpoint} JSON array`, url: fill(), body: [{}] });
      add({ name: `${endpoint} unknown field`, url: fill(), body: { notAField: 1 } });
      for (const [prop, propSchema] of Object.entries(resolve(doc, schema)?.properties ?? {})) {
        const type = resolve(doc, propSchema)?.type ?? (propSchema.$ref ? 'object' : 'string');
        for (const bad of BAD_VALUES[type] ?? BAD_VALUES['string']) {
          add({ name: `${endpoint} ${prop}=${JSON.stringify(bad).slice(0, 20)}`, url: fill(), body: { [prop]: bad } });
        }
      }
    }
  }
  return cases;
}
