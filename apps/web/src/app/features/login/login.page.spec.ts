import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { provideRouter } from '@angular/router';
import type { AppConfigDto } from '@tdgen/contracts';
import { BehaviorSubject } from 'rxjs';
import { AppConfigService, DEFAULT_APP_CONFIG } from '../../core/config/app-config.service';
import { LoginPage, safeReturnUrl, ssoFailureMessage, ssoLoginHref } from './login.page';

describe('login page helpers', () => {
  it('only follows same-app return URLs', () => {
    expect(safeReturnUrl('/tasks?edit=3')).toBe('/tasks?edit=3');
    expect(safeReturnUrl('https://evil.example')).toBe('/');
    expect(safeReturnUrl('//evil.example')).toBe('/');
    expect(safeReturnUrl('/login?returnUrl=/x')).toBe('/');
    expect(safeReturnUrl(undefined)).toBe('/');
  });

  it('starts single sign-on with the deep link to come back to, never another site', () => {
    expect(ssoLoginHref('/job-descriptions/4?tab=a')).toBe(
      '/api/auth/oidc/login?returnTo=%2Fjob-descriptions%2F4%3Ftab%3Da',
    );
    expect(ssoLoginHref(undefined)).toBe('/api/auth/oidc/login');
    expect(ssoLoginHref('//evil.example')).toBe('/api/auth/oidc/login');
  });

  it('explains a failed single sign-on in plain words', () => {
    expect(ssoFailureMessage(undefined, 'Keycloak')).toBeNull();
    expect(ssoFailureMessage('cancelled', 'Keycloak')).toBe('Sign-in was cancelled. You can try again.');
    expect(ssoFailureMessage('disabled', 'Keycloak')).toMatch(/account is disabled/);
    expect(ssoFailureMessage('conflict', 'Keycloak')).toMatch(/Keycloak account cannot be matched/);
    expect(ssoFailureMessage('unavailable', 'Keycloak')).toMatch(/Keycloak cannot be reached/);
    expect(ssoFailureMessage('failed', 'Keycloak')).toBe('Signing in with Keycloak did not work. Please try again.');
    expect(ssoFailureMessage('<script>', 'Keycloak')).toBe('Signing in with Keycloak did not work. Please try again.');
  });
});

describe('LoginPage', () => {
  async function render(signIn: AppConfigDto['signIn'], inputs: { sso?: string; returnUrl?: string } = {}) {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: AppConfigService, useValue: { config$: new BehaviorSubject({ ...DEFAULT_APP_CONFIG, signIn }) } },
      ],
    });
    const fixture = TestBed.createComponent(LoginPage);
    const ref: ComponentRef<LoginPage> = fixture.componentRef;
    if (inputs.sso) ref.setInput('sso', inputs.sso);
    if (inputs.returnUrl) ref.setInput('returnUrl', inputs.returnUrl);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    return {
      loader: TestbedHarnessEnvironment.loader(fixture),
      query: (testId: string) => element.querySelector<HTMLElement>(`[data-testid="${testId}"]`),
    };
  }

  it('shows only the password form without single sign-on', async () => {
    const { query } = await render({ isLocalLoginEnabled: true, sso: null });
    expect(query('login-form')).not.toBeNull();
    expect(query('login-sso')).toBeNull();
  });

  it('offers "Sign in with <provider>" beside the password form, keeping the deep link', async () => {
    const { query, loader } = await render(
      { isLocalLoginEnabled: true, sso: { providerName: 'Keycloak' } },
      { returnUrl: '/job-tasks' },
    );
    const button = await loader.getHarness(MatButtonHarness.with({ text: 'Sign in with Keycloak' }));
    expect(await (await button.host()).getAttribute('href')).toBe('/api/auth/oidc/login?returnTo=%2Fjob-tasks');
    expect(query('login-form')).not.toBeNull();
  });

  it('hides the password form when local login is off, and explains a failed single sign-on', async () => {
    const { query } = await render(
      { isLocalLoginEnabled: false, sso: { providerName: 'Entra ID' } },
      { sso: 'failed' },
    );
    expect(query('login-form')).toBeNull();
    expect(query('login-sso')?.textContent?.trim()).toBe('Sign in with Entra ID');
    expect(query('login-sso-error')?.textContent).toBe('Signing in with Entra ID did not work. Please try again.');
  });
});
