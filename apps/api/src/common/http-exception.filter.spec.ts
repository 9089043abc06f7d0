import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger, MethodNotAllowedException, type ArgumentsHost } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { ApiException } from './api-exception';
import { HttpExceptionFilter } from './http-exception.filter';

interface Sent {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** Runs the filter on an exception and returns what it sent. */
function answer(exception: unknown): Sent {
  const sent: Sent = { status: 0, body: {}, headers: {} };
  const res = {
    headersSent: false,
    setHeader: (name: string, value: string) => (sent.headers[name] = value),
    status(code: number) {
      sent.status = code;
      return this;
    },
    json: (body: Record<string, unknown>) => (sent.body = body),
  };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  new HttpExceptionFilter().catch(exception, host);
  return sent;
}

const known = (code: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError('x', { code, clientVersion: '7', meta });

describe('HttpExceptionFilter (docs/product.md § Errors)', () => {
  // The filter logs what it answers with INTERNAL; that is expected here.
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));

  it('sends an ApiException as thrown, its parameters beside the code', () => {
    const sent = answer(new ApiException('MAX_TASKS', { jobDescriptionId: 4, limit: 10 }, 'full'));
    expect(sent).toMatchObject({ status: 409 });
    expect(sent.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'MAX_TASKS',
      message: 'full',
      jobDescriptionId: 4,
      limit: 10,
    });
  });

  it('keeps the code in `error` where it was before codes existed, and sets Retry-After from retryAfterS', () => {
    const sent = answer(new ApiException('RATE_LIMITED', { retryAfterS: 7 }, 'wait'));
    expect(sent.headers['Retry-After']).toBe('7');
    expect(sent.body['error']).toBe('Too Many Requests');
    expect(
      answer(new ApiException('LOCK_REQUIRED', { record: { entityType: 'JobTask', id: 1 } }, 'x')).body,
    ).toMatchObject({
      error: 'LOCK_REQUIRED',
      code: 'LOCK_REQUIRED',
    });
  });

  it('codes database errors that bad input can provoke: CONFLICT, NOT_FOUND, VALIDATION_FAILED', () => {
    expect(answer(known('P2002')).body).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
    expect(answer(known('P2025')).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', records: [] });
    expect(answer(known('P2000', { column_name: 'title' })).body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'title', rules: ['maxLength'] }],
    });
  });

  it('codes Nest’s own exceptions and body-parser errors by their status; BAD_REQUEST keeps an uncommon 4xx', () => {
    expect(answer(new MethodNotAllowedException()).body).toMatchObject({ statusCode: 405, code: 'BAD_REQUEST' });
    const aborted = Object.assign(new Error('request aborted'), { status: 400, type: 'request.aborted' });
    expect(answer(aborted).body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST', message: 'request aborted' });
  });

  it('answers anything else with INTERNAL and no details', () => {
    const sent = answer(new Error('secret detail'));
    expect(sent.status).toBe(500);
    expect(sent.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'INTERNAL',
      message: 'Internal server error',
    });
  });
});
