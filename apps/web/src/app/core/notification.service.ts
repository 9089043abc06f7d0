import { Injectable, Injector, inject } from '@angular/core';
import type { MatSnackBar, MatSnackBarConfig } from '@angular/material/snack-bar';
import { describeHttpError } from './http/api-error';

/**
 * The one place that tells the user in words what happened (snack bars). The snack bar is loaded
 * on first use so the login page's initial bundle does not carry the overlay machinery.
 */
@Injectable({ providedIn: 'root' })
export class NotificationService {
  private readonly injector = inject(Injector);
  private snackBar: Promise<MatSnackBar> | null = null;

  info(message: string, durationMs = 4000): void {
    this.show(message, 'OK', { duration: durationMs });
  }

  /** Stays until dismissed: for things the user must not miss (lost lock, session end). */
  important(message: string): void {
    this.show(message, 'Dismiss', { politeness: 'assertive' });
  }

  error(error: unknown, prefix?: string): void {
    const text = describeHttpError(error);
    this.show(prefix ? `${prefix}: ${text}` : text, 'Dismiss', { duration: 8000, politeness: 'assertive' });
  }

  private show(message: string, action: string, config: MatSnackBarConfig): void {
    this.snackBar ??= import('@angular/material/snack-bar').then((m) => this.injector.get(m.MatSnackBar));
    void this.snackBar.then((snackBar) => snackBar.open(message, action, config));
  }
}
