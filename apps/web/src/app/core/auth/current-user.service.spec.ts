import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { DOCUMENT } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { AppConfigDto } from '@tdgen/contracts';
import { AppConfigService, DEFAULT_APP_CONFIG } from '../config/app-config.service';
import { NotificationService } from '../notification.service';
import { CurrentUserService } from './current-user.service';

describe('CurrentUserService.logout', () => {
  function setUp(signIn: AppConfigDto['signIn']) {
    const assign = jest.fn();
    const router = { navigateByUrl: jest.fn(), url: '/' };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: Router, useValue: router },
        { provide: DOCUMENT, useValue: { location: { assign } } },
        { provide: AppConfigService, useValue: { value: { ...DEFAULT_APP_CONFIG, signIn } } },
        // The snack bar needs a real document; the fake one above only records the navigation.
        { provide: NotificationService, useValue: { info: jest.fn(), important: jest.fn(), error: jest.fn() } },
      ],
    });
    return { auth: TestBed.inject(CurrentUserService), http: TestBed.inject(HttpTestingController), assign, router };
  }

  it('signs out locally and shows the login page without single sign-on', () => {
    const { auth, http, assign, router } = setUp({ isLocalLoginEnabled: true, sso: null });
    auth.logout().subscribe();
    http.expectOne({ method: 'POST', url: '/api/auth/logout' }).flush(null, { status: 204, statusText: 'No Content' });
    expect(router.navigateByUrl).toHaveBeenCalledWith('/login');
    expect(assign).not.toHaveBeenCalled();
  });

  it("sends the browser to the provider's end-session URL after a single sign-on logout", () => {
    const { auth, http, assign, router } = setUp({ isLocalLoginEnabled: true, sso: { providerName: 'Keycloak' } });
    auth.logout().subscribe();
    const endSessionUrl = 'https://id.example/logout?id_token_hint=x';
    http.expectOne({ method: 'POST', url: '/api/auth/oidc/logout' }).flush({ endSessionUrl });
    expect(assign).toHaveBeenCalledWith(endSessionUrl);
    expect(router.navigateByUrl).not.toHaveBeenCalled();
  });

  it('shows the login page when the sign-in had no provider session to end', () => {
    const { auth, http, assign, router } = setUp({ isLocalLoginEnabled: true, sso: { providerName: 'Keycloak' } });
    auth.logout().subscribe();
    http.expectOne('/api/auth/oidc/logout').flush({ endSessionUrl: null });
    expect(router.navigateByUrl).toHaveBeenCalledWith('/login');
    expect(assign).not.toHaveBeenCalled();
  });
});
