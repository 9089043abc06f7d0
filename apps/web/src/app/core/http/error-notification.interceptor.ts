import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { NotificationService } from '../notification.service';
import { isMutating } from './client-id.interceptor';
import { HANDLES_ERRORS_ITSELF } from './http-context';

/**
 * Every failed mutation is explained to the user in words, unless its caller opted to show the
 * error itself (lock conflicts get a dialog, the login form its own message). 401s are left to
 * the session interceptor, which redirects to the login page.
 */
export const errorNotificationInterceptor: HttpInterceptorFn = (request, next) => {
  const notifications = inject(NotificationService);
  return next(request).pipe(
    catchError((error: unknown) => {
      const shouldNotify =
        error instanceof HttpErrorResponse &&
        error.status !== 401 &&
        isMutating(request.method) &&
        !request.context.get(HANDLES_ERRORS_ITSELF);
      if (shouldNotify) notifications.error(error);
      return throwError(() => error);
    }),
  );
};
