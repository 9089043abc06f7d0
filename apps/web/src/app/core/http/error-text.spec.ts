import { HttpErrorResponse } from '@angular/common/http';
import { ERROR_CODES, ERROR_STATUS, type ErrorCode, type ErrorParams } from '@tdgen/contracts';
import { BOB, apiError, lock, lockedError } from '../../../testing/fixtures';
import { ERROR_TEXTS, errorText } from './error-text';

const SERVER_WORDS = 'SERVER-ENGLISH';

function failed(code: ErrorCode, params: object): HttpErrorResponse {
  return new HttpErrorResponse({
    status: ERROR_STATUS[code],
    error: apiError(code, params as ErrorParams[typeof code], SERVER_WORDS),
  });
}

const task = (id: number) => ({ entityType: 'JobTask' as const, id });
const description = (id: number) => ({ entityType: 'JobDescription' as const, id });

/** Parameters of every code, as the API sends them: a code without a sample fails the first test. */
const SAMPLES: { [C in ErrorCode]: ErrorParams[C] } = {
  VALIDATION_FAILED: { fields: [{ field: 'title', rules: ['maxLength'] }] },
  MALFORMED_BODY: { reason: 'syntax' },
  INDEX_OUT_OF_RANGE: { index: 7, max: 3 },
  SHARES_INVALID: { rule: 'sum', sum: 95 },
  TEXT_TOO_LONG: { field: 'text', max: 20_000, length: 20_400 },
  LOGOUT_TOKEN_INVALID: {},
  BAD_REQUEST: {},
  UNAUTHENTICATED: {},
  INVALID_CREDENTIALS: {},
  FORBIDDEN: {},
  RECORD_READ_ONLY: { record: task(4) },
  ADMIN_FIELD: { field: 'payGroup' },
  CROSS_SITE_REQUEST: {},
  PASSWORD_LOGIN_DISABLED: {},
  NOT_FOUND: { records: [task(4)] },
  TASK_NOT_IN_DESCRIPTION: { jobDescriptionId: 2, jobTaskId: 4 },
  NO_DESCRIPTIONS_WITH_TAG: { tag: 'HR' },
  NOT_LOCKED: { record: description(2) },
  NO_HANDOVER_REQUEST: { record: task(4) },
  RECORD_FREE: { record: task(4) },
  OWN_LOCK: { record: task(4), isOtherTab: true },
  HANDOVER_PENDING: { record: task(4), requester: BOB },
  OFFERED_TO_YOU: { record: task(4) },
  STALE_LOCK: { lock: lock('JobTask', 4, 'my-tab', BOB), record: task(4) },
  LOCK_OFFERED: {
    offer: {
      entityType: 'JobTask',
      entityId: 4,
      user: BOB,
      clientId: 'bobs-tab',
      offeredAt: '2025-01-01T10:00:00.000Z',
      expiresAt: '2025-01-01T10:00:30.000Z',
    },
    record: task(4),
  },
  TITLE_TAKEN: { record: task(4), title: 'Filing', isDeleted: false },
  RECORD_DELETED: { record: task(4) },
  RECORD_NOT_DELETED: { record: description(2) },
  TASK_ALREADY_IN_DESCRIPTION: { jobDescriptionId: 2, jobTaskId: 4 },
  MAX_TASKS: { jobDescriptionId: 2, limit: 10 },
  USERNAME_TAKEN: { username: 'carol' },
  OWN_ACCOUNT: {},
  CONFLICT: {},
  PAYLOAD_TOO_LARGE: { limitBytes: 262_144 },
  UNSUPPORTED_MEDIA_TYPE: {},
  LOCKED: { lock: lock('JobTask', 4, 'bobs-tab', BOB), heldBySelfElsewhere: false, record: task(4) },
  LOCK_REQUIRED: { record: task(4) },
  RATE_LIMITED: { retryAfterS: 12 },
  TOO_MANY_STREAMS: { limit: 10 },
  INTERNAL: {},
  DATABASE_UNAVAILABLE: { retryAfterS: 5 },
  SHUTTING_DOWN: {},
};

describe('errorText: error codes in words (docs/product.md § Errors)', () => {
  it('has words for every code of libs/contracts, from the code and its parameters only', () => {
    expect(Object.keys(ERROR_TEXTS).sort()).toEqual([...ERROR_CODES].sort());
    expect(Object.keys(SAMPLES).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) {
      const text = errorText(failed(code, SAMPLES[code]));
      expect({ code, text }).toEqual({ code, text: expect.stringMatching(/^[A-Z“].*[.!]$/) });
      expect({ code, text }).toEqual({
        code,
        text: expect.not.stringMatching(/undefined|NaN|\[object|SERVER-ENGLISH/),
      });
    }
  });

  it('names the lock holder, and the record in the way when it is not the one asked for', () => {
    const held = lock('JobDescription', 5, 'bobs-tab', BOB);
    const sameRecord = new HttpErrorResponse({ status: 423, error: lockedError(held) });
    expect(errorText(sameRecord)).toMatch(/^Locked by Bob Example since \d/);
    const other = new HttpErrorResponse({ status: 423, error: lockedError(held, false, task(12)) });
    expect(errorText(other)).toMatch(/^A job description it belongs to \(#5\) is locked by Bob Example since /);
    const ownTab = new HttpErrorResponse({ status: 423, error: lockedError(held, true) });
    expect(errorText(ownTab)).toBe('You are editing this record in another tab.');
  });

  it('words each parameter that matters: the title and its holder, the limit, the fields, the shares', () => {
    expect(errorText(failed('TITLE_TAKEN', { record: task(4), title: 'Filing', isDeleted: false }))).toBe(
      'The title “Filing” is already taken by job task #4.',
    );
    expect(errorText(failed('TITLE_TAKEN', { record: description(9), title: 'Clerk', isDeleted: true }))).toBe(
      'The title “Clerk” belongs to the deleted job description #9. An administrator can restore it.',
    );
    expect(errorText(failed('MAX_TASKS', { jobDescriptionId: 2, limit: 7 }))).toMatch(/at most 7 tasks/);
    expect(
      errorText(
        failed('VALIDATION_FAILED', {
          fields: [
            { field: 'frameworkData.education', rules: ['maxLength'] },
            { field: 'tags', rules: ['arrayMaxSize'] },
          ],
        }),
      ),
    ).toBe('The input was not accepted. Please check these fields: Education, Tags.');
    expect(errorText(failed('SHARES_INVALID', { rule: 'missing', jobTaskIds: [3] }))).toBe(
      'The share of job task #3 is missing.',
    );
    expect(errorText(failed('SHARES_INVALID', { rule: 'missing', jobTaskIds: [3, 8] }))).toBe(
      'The shares of job tasks #3, #8 are missing.',
    );
    expect(errorText(failed('RATE_LIMITED', { retryAfterS: 12 }))).toBe(
      'Too many sign-in attempts. Please wait 12 s and try again.',
    );
    expect(errorText(failed('INVALID_CREDENTIALS', {}))).toBe('Wrong username or password.');
  });

  it('explains failures without a coded body by their status', () => {
    expect(errorText(new HttpErrorResponse({ status: 0 }))).toMatch(/cannot be reached/);
    expect(errorText(new HttpErrorResponse({ status: 502, error: '<html>Bad gateway</html>' }))).toMatch(
      /unavailable at the moment\. Your input is kept/,
    );
    expect(errorText(new HttpErrorResponse({ status: 500, error: { message: SERVER_WORDS } }))).toBe(
      'The server had a problem. Please try again.',
    );
    expect(errorText(new HttpErrorResponse({ status: 409, error: { statusCode: 409, message: SERVER_WORDS } }))).toBe(
      'The request failed (409).',
    );
    expect(errorText(new Error(SERVER_WORDS))).toBe('Something went wrong. Please try again.');
  });
});
