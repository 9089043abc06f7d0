import { HttpErrorResponse } from '@angular/common/http';
import { lock, BOB } from '../../../testing/fixtures';
import { describeHttpError } from './api-error';

function httpError(status: number, body: unknown, url?: string): HttpErrorResponse {
  return new HttpErrorResponse({ status, error: body, statusText: 'x', url });
}

describe('describeHttpError', () => {
  it('joins validation messages', () => {
    expect(describeHttpError(httpError(400, { statusCode: 400, error: 'Bad Request', message: ['a', 'b'] }))).toBe(
      'Invalid input: a; b',
    );
  });

  it('names the lock holder of a 423', () => {
    const error = httpError(423, {
      statusCode: 423,
      error: 'LOCKED',
      message: 'locked',
      lock: lock('JobTask', 1, 'x', BOB),
    });
    expect(describeHttpError(error)).toMatch(/^Locked by Bob Example since /);
    const sameRecord = httpError(
      423,
      { statusCode: 423, error: 'LOCKED', message: 'locked', lock: lock('JobTask', 1, 'x', BOB) },
      '/api/job-tasks/1',
    );
    expect(describeHttpError(sameRecord)).toMatch(/^Locked by Bob Example since /);
  });

  it('names the record when the lock in the way is another one (a description holding the task)', () => {
    const error = httpError(
      423,
      { statusCode: 423, error: 'LOCKED', message: 'locked', lock: lock('JobDescription', 5, 'x', BOB) },
      '/api/job-tasks/12/permanent',
    );
    expect(describeHttpError(error)).toMatch(/^A job description it belongs to \(#5\) is locked by Bob Example since /);
  });

  it('explains a missing lock, a conflict, a rate limit and an unreachable server', () => {
    expect(describeHttpError(httpError(428, { statusCode: 428, error: 'LOCK_REQUIRED', message: '' }))).toMatch(
      /hold the lock/,
    );
    expect(describeHttpError(httpError(409, { statusCode: 409, error: 'Conflict', message: 'Title "A" exists' }))).toBe(
      'Conflict: Title "A" exists',
    );
    expect(describeHttpError(httpError(429, null))).toMatch(/Too many requests/);
    expect(describeHttpError(httpError(0, null))).toMatch(/cannot be reached/);
  });
});
