import { describe, expect, it } from '@jest/globals';
import { safeReturnPath } from './return-path';

describe('safeReturnPath', () => {
  it.each([
    ['/job-descriptions/7', '/job-descriptions/7'],
    ['/job-tasks?tag=a&q=b#top', '/job-tasks?tag=a&q=b#top'],
    ['/', '/'],
  ])('keeps the same-origin path %s', (raw, expected) => {
    expect(safeReturnPath(raw)).toBe(expected);
  });

  it.each([
    ['https://evil.example/'],
    ['//evil.example/path'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['/\tevil'],
    ['javascript:alert(1)'],
    ['job-tasks'],
    ['/api/auth/logout'],
    ['/api'],
    ['/' + 'a'.repeat(3000)],
    [undefined],
    [['/a', '/b']],
  ])('turns %j into /', (raw) => {
    expect(safeReturnPath(raw)).toBe('/');
  });
});
