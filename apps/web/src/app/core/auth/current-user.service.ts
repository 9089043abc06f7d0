import { HttpClient } from '@angular/common/http';
import { DOCUMENT, Injectable, inject } from '@angular/core';
import { Router } from '@angular/router';
import type { CurrentUserDto, LoginRequest, SsoLogoutResponse } from '@tdgen/contracts';
import { ROUTES, SSO_ROUTES } from '@tdgen/contracts';
import {
  BehaviorSubject,
  Observable,
  catchError,
  finalize,
  map,
  of,
  retry,
  shareReplay,
  tap,
  throwError,
  timer,
} from 'rxjs';
import { apiUrl } from '../api-url';
import { AppConfigService } from '../config/app-config.service';
import { expectsUnauthorized, handlesErrorsItself } from '../http/http-context';
import { isServerUnavailable } from '../http/server-availability.service';
import { LanguageService } from '../language.service';
import { NotificationService } from '../notification.service';

export const LOGIN_PATH = '/login';

/** Who is signed in. The session cookie is httpOnly, so `/auth/me` is the only way to know. */
@Injectable({ providedIn: 'root' })
export class CurrentUserService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly notifications = inject(NotificationService);
  private readonly config = inject(AppConfigService);
  private readonly document = inject(DOCUMENT);
  private readonly language = inject(LanguageService);

  private readonly userSubject = new BehaviorSubject<CurrentUserDto | null>(null);
  private pendingCheck: Observable<CurrentUserDto | null> | null = null;

  readonly user$: Observable<CurrentUserDto | null> = this.userSubject.asObservable();
  readonly isAdmin$: Observable<boolean> = this.user$.pipe(map((user) => user?.role === 'ADMIN'));

  get currentUser(): CurrentUserDto | null {
    return this.userSubject.value;
  }

  get isAdmin(): boolean {
    return this.userSubject.value?.role === 'ADMIN';
  }

  /** The signed-in user, asking the server once when not known yet; null when there is no session. */
  ensureSession(): Observable<CurrentUserDto | null> {
    if (this.userSubject.value) return of(this.userSubject.value);
    this.pendingCheck ??= this.http
      .get<CurrentUserDto>(apiUrl(ROUTES.auth, 'me'), { context: expectsUnauthorized() })
      .pipe(
        // An unavailable server says nothing about the session: keep asking until it answers.
        retry({ delay: (error: unknown) => (isServerUnavailable(error) ? timer(5000) : throwError(() => error)) }),
        tap((user) => {
          this.userSubject.next(user);
          this.language.follow(user);
        }),
        catchError(() => of(null)),
        finalize(() => (this.pendingCheck = null)),
        shareReplay(1),
      );
    return this.pendingCheck;
  }

  login(request: LoginRequest): Observable<CurrentUserDto> {
    return this.http
      .post<CurrentUserDto>(apiUrl(ROUTES.auth, 'login'), request, { context: expectsUnauthorized() })
      .pipe(tap((user) => this.userSubject.next(user)));
  }

  /**
   * Ends the session; the server also releases this user's locks. Where single sign-on is set up,
   * the browser then goes to the provider to end its session too (when the provider supports it).
   */
  logout(): Observable<void> {
    const isSso = this.config.value.signIn.sso !== null;
    const url = isSso ? apiUrl(...SSO_ROUTES.base.split('/'), SSO_ROUTES.logout) : apiUrl(ROUTES.auth, 'logout');
    let endSessionUrl: string | null = null;
    return this.http.post<SsoLogoutResponse | null>(url, {}, { context: handlesErrorsItself() }).pipe(
      tap((response) => (endSessionUrl = response?.endSessionUrl ?? null)),
      catchError(() => of(undefined)),
      map(() => undefined),
      finalize(() => {
        this.userSubject.next(null);
        if (endSessionUrl) this.document.location.assign(endSessionUrl);
        else void this.router.navigateByUrl(LOGIN_PATH);
      }),
    );
  }

  /** Called on any unexpected 401 and on the stream's `session-expired`. */
  handleSessionExpired(): void {
    const onLoginPage = this.router.url.startsWith(LOGIN_PATH);
    if (this.userSubject.value) {
      this.notifications.important($localize`Your session has ended. Please sign in again.`);
    }
    this.userSubject.next(null);
    if (onLoginPage) return;
    const returnUrl = this.router.url;
    void this.router.navigate([LOGIN_PATH], { queryParams: returnUrl && returnUrl !== '/' ? { returnUrl } : {} });
  }
}
