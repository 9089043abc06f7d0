import { Injectable, inject } from '@angular/core';
import { MatSnackBar, MatSnackBarConfig } from '@angular/material/snack-bar';
import { errorText } from './http/error-text';

/**
 * The one place that tells the user in words what happened (snack bars). The snack bar is part
 * of the initial bundle on purpose: loaded lazily, a first error while offline could not load it
 * and no error would ever be shown again in that tab.
 */
@Injectable({ providedIn: 'root' })
export class NotificationService {
  private readonly snackBar = inject(MatSnackBar);

  info(message: string, durationMs = 4000): void {
    this.show(message, 'OK', { duration: durationMs });
  }

  /** Stays until dismissed: for things the user must not miss (lost lock, session end). */
  important(message: string): void {
    this.show(message, 'Dismiss', { politeness: 'assertive' });
  }

  /** A change that can be taken back for a few seconds: "Undo" runs `undo`. */
  withUndo(message: string, undo: () => void, durationMs = 8000): void {
    this.snackBar
      .open(message, 'Undo', { duration: durationMs })
      .onAction()
      .subscribe(() => undo());
  }

  error(error: unknown, prefix?: string): void {
    const text = errorText(error);
    this.show(prefix ? `${prefix}: ${text}` : text, 'Dismiss', { duration: 8000, politeness: 'assertive' });
  }

  private show(message: string, action: string, config: MatSnackBarConfig): void {
    this.snackBar.open(message, action, config);
  }
}
