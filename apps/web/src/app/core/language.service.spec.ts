import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { DOCUMENT, LOCALE_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { CurrentUserDto } from '@tdgen/contracts';
import { firstValueFrom } from 'rxjs';
import { buildLanguage, LanguageService } from './language.service';
import { pluralForm } from './plural';

function setUp(localeId: string) {
  const reload = jest.fn();
  const storage = new Map<string, string>();
  const assign = jest.fn();
  const fakeDocument = {
    location: { reload, assign },
    defaultView: {
      sessionStorage: {
        getItem: (k: string) => storage.get(k) ?? null,
        setItem: (k: string, v: string) => storage.set(k, v),
        removeItem: (k: string) => storage.delete(k),
      },
    },
  };
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: LOCALE_ID, useValue: localeId },
      { provide: DOCUMENT, useValue: fakeDocument },
    ],
  });
  return { service: TestBed.inject(LanguageService), http: TestBed.inject(HttpTestingController), reload, assign };
}

const user = (language: CurrentUserDto['language']): CurrentUserDto => ({
  id: 1,
  username: 'alice',
  displayName: 'Alice',
  role: 'EDITOR',
  language,
});

describe('LanguageService', () => {
  it('knows the language of its build from the locale id', () => {
    expect(buildLanguage('de')).toBe('de');
    expect(buildLanguage('de-AT')).toBe('de');
    expect(buildLanguage('en-US')).toBe('en');
    expect(buildLanguage('fr')).toBe('en');
  });

  it('stores the choice on the server, then reloads into the other build', async () => {
    const { service, http, reload } = setUp('en-US');
    const chosen = firstValueFrom(service.choose('de'));
    const request = http.expectOne({ method: 'PATCH', url: '/api/auth/me' });
    expect(request.request.body).toEqual({ language: 'de' });
    expect(reload).not.toHaveBeenCalled();
    request.flush(user('de'));
    await chosen;
    expect(reload).toHaveBeenCalledTimes(1);
    http.verify();
  });

  it('does not reload when the request fails (the interceptor explains it)', async () => {
    const { service, http, reload } = setUp('en-US');
    const chosen = firstValueFrom(service.choose('de')).catch((e: unknown) => e);
    http.expectOne('/api/auth/me').flush({ statusCode: 500 }, { status: 500, statusText: 'Error' });
    await chosen;
    expect(reload).not.toHaveBeenCalled();
  });

  it('follows a choice made elsewhere once, and never loops when the build cannot follow', () => {
    const { service, reload } = setUp('en-US');
    expect(service.follow(user(null))).toBe(false);
    expect(service.follow(user('en'))).toBe(false);
    expect(reload).not.toHaveBeenCalled();
    expect(service.follow(user('de'))).toBe(true);
    expect(reload).toHaveBeenCalledTimes(1);
    // After the reload the server still served English (say, cookies are blocked): no second reload.
    expect(service.follow(user('de'))).toBe(false);
    expect(reload).toHaveBeenCalledTimes(1);
  });
});

it('after sign-in, loads the page the user was headed for in the chosen language', () => {
  const { service, reload, assign } = setUp('en-US');
  expect(service.follow(user('de'), '/tasks/3')).toBe(true);
  expect(assign).toHaveBeenCalledWith('/tasks/3');
  expect(reload).not.toHaveBeenCalled();
});

describe('pluralForm', () => {
  it('picks the whole message by the plural rules of the locale', () => {
    const forms = { one: 'one form', other: 'other form' };
    expect(pluralForm('de', 1, forms)).toBe('one form');
    expect(pluralForm('de', 3, forms)).toBe('other form');
    expect(pluralForm('en', 0, forms)).toBe('other form');
  });
});
