import { expect } from '@jest/globals';
import { ERROR_PARAMS, ERROR_STATUS, isApiError, type ErrorCode, type ErrorParams } from '@tdgen/contracts';

interface Answer {
  status: number;
  body: unknown;
}

type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

const BASE_FIELDS = new Set(['statusCode', 'error', 'code', 'message']);

/**
 * Why an answer is not a well-formed error of docs/product.md § Errors, or null when it is: a
 * known code whose status is the answer's, English words, and nothing beside the code's parameters.
 */
export function apiErrorProblem(res: Answer): string | null {
  const body = res.body;
  if (!isApiError(body)) return `no known code: ${JSON.stringify(body).slice(0, 160)}`;
  const isStandIn = body.code === 'BAD_REQUEST' || body.code === 'INTERNAL';
  if (body.statusCode !== res.status) return `statusCode ${body.statusCode} in a ${res.status}`;
  if (!isStandIn && ERROR_STATUS[body.code] !== res.status) return `${body.code} in a ${res.status}`;
  if (!body.message || (Array.isArray(body.message) && body.message.length === 0))
    return `${body.code} without message`;
  const params = ERROR_PARAMS[body.code] as readonly string[];
  const extra = Object.keys(body).filter((key) => !BASE_FIELDS.has(key) && !params.includes(key));
  return extra.length ? `${body.code} carries undocumented ${extra.join(', ')}` : null;
}

/** The answer is the error `code` with (at least) these parameters. */
export function expectApiError<C extends ErrorCode>(
  res: Answer,
  code: C,
  params: DeepPartial<ErrorParams[C]> = {} as DeepPartial<ErrorParams[C]>,
): void {
  expect({ status: res.status, code: (res.body as { code?: unknown }).code }).toEqual({
    status: ERROR_STATUS[code],
    code,
  });
  expect(apiErrorProblem(res)).toBeNull();
  expect(res.body).toMatchObject(params as Record<string, unknown>);
}

export type { DeepPartial };
