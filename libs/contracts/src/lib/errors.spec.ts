import { ERROR_CODES, ERROR_PARAMS, ERROR_STATUS, isApiError, isErrorCode } from './errors';

describe('error codes (docs/product.md § Errors)', () => {
  it('lists every code once, each with an error status and its parameter names', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(ERROR_CODES).toContain('LOCKED');
    for (const code of ERROR_CODES) {
      expect(code).toMatch(/^[A-Z][A-Z_]*[A-Z]$/);
      expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
      expect(ERROR_STATUS[code]).toBeLessThan(600);
      expect(Array.isArray(ERROR_PARAMS[code])).toBe(true);
    }
    expect(Object.keys(ERROR_PARAMS).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('recognizes an error body by its known code', () => {
    expect(isErrorCode('TITLE_TAKEN')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isApiError({ statusCode: 428, error: 'LOCK_REQUIRED', code: 'LOCK_REQUIRED', message: 'x' })).toBe(true);
    expect(isApiError({ statusCode: 409, error: 'Conflict', message: 'x' })).toBe(false);
    expect(isApiError({ statusCode: 409, code: 'NO_SUCH_CODE' })).toBe(false);
    expect(isApiError('LOCKED')).toBe(false);
    expect(isApiError(null)).toBe(false);
  });
});
