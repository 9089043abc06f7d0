import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { loginErrorMessage, safeReturnUrl } from './login.page';

describe('login page helpers', () => {
  it('only follows same-app return URLs', () => {
    expect(safeReturnUrl('/tasks?edit=3')).toBe('/tasks?edit=3');
    expect(safeReturnUrl('https://evil.example')).toBe('/');
    expect(safeReturnUrl('//evil.example')).toBe('/');
    expect(safeReturnUrl('/login?returnUrl=/x')).toBe('/');
    expect(safeReturnUrl(undefined)).toBe('/');
  });

  it('explains wrong credentials and rate limiting in words', () => {
    expect(loginErrorMessage(new HttpErrorResponse({ status: 401 }))).toBe('Wrong username or password.');
    expect(loginErrorMessage(new HttpErrorResponse({ status: 429 }))).toMatch(/Too many sign-in attempts/);
    const headers = new HttpHeaders({ 'Retry-After': '12' });
    expect(loginErrorMessage(new HttpErrorResponse({ status: 429, headers }))).toBe(
      'Too many sign-in attempts. Please wait 12 s and try again.',
    );
    expect(loginErrorMessage(new HttpErrorResponse({ status: 0 }))).toMatch(/cannot be reached/);
  });
});
