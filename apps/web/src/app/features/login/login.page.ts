import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { SSO_ROUTES } from '@tdgen/contracts';
import { map } from 'rxjs';
import { apiUrl } from '../../core/api-url';
import { CurrentUserService } from '../../core/auth/current-user.service';
import { AppConfigService } from '../../core/config/app-config.service';
import { useIcons } from '../../shared/icons/use-icons';
import { errorText } from '../../core/http/error-text';

/** Only same-app paths are followed after login (no open redirect to another origin). */
export function safeReturnUrl(returnUrl: string | null | undefined): string {
  if (!returnUrl || !returnUrl.startsWith('/') || returnUrl.startsWith('//') || returnUrl.startsWith('/login')) {
    return '/';
  }
  return returnUrl;
}

/** Why a single sign-on came back here (`?sso=`), in plain words; the details are in the server log. */
export function ssoFailureMessage(failure: string | undefined, providerName: string): string | null {
  switch (failure) {
    case undefined:
    case '':
      return null;
    case 'cancelled':
      return 'Sign-in was cancelled. You can try again.';
    case 'disabled':
      return 'Your TDGen account is disabled. Please ask an administrator.';
    case 'conflict':
      return `Your ${providerName} account cannot be matched to a TDGen account. Please ask an administrator.`;
    case 'unavailable':
      return `${providerName} cannot be reached right now. Please try again in a moment.`;
    default:
      return `Signing in with ${providerName} did not work. Please try again.`;
  }
}

/** The full-page address that starts single sign-on and comes back to `returnUrl` afterwards. */
export function ssoLoginHref(returnUrl: string | undefined): string {
  const target = safeReturnUrl(returnUrl);
  const query = target === '/' ? '' : `?returnTo=${encodeURIComponent(target)}`;
  return apiUrl(...SSO_ROUTES.base.split('/'), SSO_ROUTES.login) + query;
}

@Component({
  selector: 'td-login-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
  ],
  templateUrl: './login.page.html',
  styleUrl: './login.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage {
  private readonly auth = inject(CurrentUserService);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);

  /** Bound from the query string (`withComponentInputBinding`). */
  readonly returnUrl = input<string | undefined>();
  /** Set by the server when a single sign-on came back without signing in (`?sso=cancelled`). */
  readonly sso = input<string | undefined>();

  protected readonly signIn = toSignal(inject(AppConfigService).config$.pipe(map((config) => config.signIn)), {
    requireSync: true,
  });
  protected readonly ssoHref = computed(() => ssoLoginHref(this.returnUrl()));
  protected readonly ssoMessage = computed(() => ssoFailureMessage(this.sso(), this.signIn().sso?.providerName ?? ''));

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });
  protected readonly errorMessage = signal<string | null>(null);
  protected readonly isSubmitting = signal(false);
  protected readonly isPasswordVisible = signal(false);

  constructor() {
    useIcons();
  }

  protected submit(): void {
    if (this.form.invalid || this.isSubmitting()) {
      this.form.markAllAsTouched();
      return;
    }
    this.errorMessage.set(null);
    this.isSubmitting.set(true);
    this.auth
      .login(this.form.getRawValue())
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.isSubmitting.set(false);
          void this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
        },
        error: (error: unknown) => {
          this.isSubmitting.set(false);
          this.errorMessage.set(errorText(error));
        },
      });
  }
}
