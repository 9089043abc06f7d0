import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { describeHttpError } from './http/api-error';

/** The one place that tells the user in words what happened (snack bars). */
@Injectable({ providedIn: 'root' })
export class NotificationService {
  private readonly snackBar = inject(MatSnackBar);

  info(message: string, durationMs = 4000): void {
    this.snackBar.open(message, 'OK', { duration: durationMs });
  }

  /** Stays until dismissed: for things the user must not miss (lost lock, session end). */
  important(message: string): void {
    this.snackBar.open(message, 'Dismiss', { politeness: 'assertive' });
  }

  error(error: unknown, prefix?: string): void {
    const text = describeHttpError(error);
    this.snackBar.open(prefix ? `${prefix}: ${text}` : text, 'Dismiss', {
      duration: 8000,
      politeness: 'assertive',
    });
  }
}
