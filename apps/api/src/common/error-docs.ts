import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { ERROR_CODES, ERROR_PARAMS, ERROR_STATUS, LOCK_ENTITY_TYPES, type ErrorCode } from '@tdgen/contracts';

/** Every parameter name of every code. */
type ErrorParamName = (typeof ERROR_PARAMS)[ErrorCode][number];

const RECORD: SchemaObject = {
  type: 'object',
  required: ['entityType', 'id'],
  properties: { entityType: { type: 'string', enum: [...LOCK_ENTITY_TYPES, 'User'] }, id: { type: 'integer' } },
};
const NULLABLE_INT: SchemaObject = { type: 'integer', nullable: true };

/** The schema of each parameter (a parameter name means the same under every code that carries it). */
const PARAM_SCHEMAS: Record<ErrorParamName, SchemaObject | ReferenceObject> = {
  fields: {
    type: 'array',
    items: {
      type: 'object',
      required: ['field', 'rules'],
      properties: { field: { type: 'string' }, rules: { type: 'array', items: { type: 'string' } } },
    },
  },
  reason: { type: 'string', enum: ['syntax', 'not-an-object', 'too-deep'] },
  maxDepth: { type: 'integer' },
  index: { type: 'integer' },
  max: { type: 'integer' },
  rule: { type: 'string', enum: ['integer', 'step', 'min', 'sum', 'duplicate', 'not-in-description', 'missing'] },
  value: { type: 'number' },
  sum: { type: 'number' },
  jobTaskId: { type: 'integer' },
  jobTaskIds: { type: 'array', items: { type: 'integer' } },
  field: { type: 'string' },
  length: { type: 'integer' },
  record: RECORD,
  records: { type: 'array', items: RECORD },
  jobDescriptionId: { type: 'integer' },
  tag: { type: 'string' },
  title: { type: 'string' },
  isDeleted: { type: 'boolean' },
  limit: { type: 'integer' },
  username: { type: 'string' },
  limitBytes: NULLABLE_INT,
  lock: { $ref: '#/components/schemas/LockModel' },
  heldBySelfElsewhere: { type: 'boolean' },
  retryAfterS: NULLABLE_INT,
  isOtherTab: { type: 'boolean', description: 'The caller holds the lock in another tab (take it over instead)' },
  requester: {
    type: 'object',
    required: ['id', 'displayName'],
    properties: { id: { type: 'integer' }, displayName: { type: 'string' } },
  },
  offer: {
    type: 'object',
    description: 'The open offer: `{entityType, entityId, user, clientId, offeredAt, expiresAt}`',
  },
};

function codesOf(status: number): ErrorCode[] {
  return ERROR_CODES.filter((code) => ERROR_STATUS[code] === status);
}

/** The codes that carry a parameter, for its description. */
function carriersOf(param: ErrorParamName): ErrorCode[] {
  return ERROR_CODES.filter((code) => (ERROR_PARAMS[code] as readonly string[]).includes(param));
}

function errorSchema(): SchemaObject {
  const params = Object.fromEntries(
    (Object.keys(PARAM_SCHEMAS) as ErrorParamName[]).map((name) => [
      name,
      { ...PARAM_SCHEMAS[name], description: `Parameter of ${carriersOf(name).join(', ')}` },
    ]),
  );
  const table = ERROR_CODES.map(
    (code) => `| \`${code}\` | ${ERROR_STATUS[code]} | ${ERROR_PARAMS[code].join(', ') || '—'} |`,
  ).join('\n');
  return {
    type: 'object',
    description:
      'Every error body (docs/product.md § Errors): `code` names the error, its parameters stand beside it, ' +
      '`message` is English for people and logs.\n\n| code | status | parameters |\n| --- | --- | --- |\n' +
      table,
    required: ['statusCode', 'error', 'code', 'message'],
    properties: {
      statusCode: { type: 'integer' },
      error: {
        type: 'string',
        description: 'The HTTP status in words (the code for LOCKED, LOCK_REQUIRED, DATABASE_UNAVAILABLE)',
      },
      code: { type: 'string', enum: [...ERROR_CODES] },
      message: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      ...params,
    },
  };
}

/**
 * Puts the error schema into the document: `ApiError` (every code, every parameter) and per
 * status `ApiError<status>` naming only that status's codes, referenced by every documented
 * error response — so no endpoint can document an error without its codes.
 */
export function documentErrors(doc: OpenAPIObject): OpenAPIObject {
  const schemas = (doc.components ??= {}).schemas ?? {};
  doc.components.schemas = schemas;
  schemas['ApiError'] = errorSchema();
  const refFor = (status: number): string => {
    const codes = codesOf(status);
    if (codes.length === 0) return '#/components/schemas/ApiError';
    schemas[`ApiError${status}`] = {
      allOf: [
        { $ref: '#/components/schemas/ApiError' },
        { type: 'object', properties: { code: { type: 'string', enum: codes } } },
      ],
    };
    return `#/components/schemas/ApiError${status}`;
  };
  for (const item of Object.values(doc.paths)) {
    for (const operation of [item.get, item.post, item.put, item.patch, item.delete]) {
      for (const [status, response] of Object.entries(operation?.responses ?? {})) {
        if (!response || Number(status) < 400 || '$ref' in response) continue;
        response.content = { 'application/json': { schema: { $ref: refFor(Number(status)) } } };
      }
    }
  }
  return doc;
}
