import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { ConnectivityService } from '../connectivity.service';
import { NotificationService } from '../notification.service';
import { describeFailedRequest } from './api-error';
import { isMutating } from './client-id.interceptor';
import { HANDLES_ERRORS_ITSELF } from './http-context';

/**
 * Every failed request is explained to the user in words — what failed and what to do — unless
 * its caller opted to show the error itself (lock conflicts get a dialog, the login form its own
 * message). 401s are left to the session interceptor, which redirects to the login page. A read
 * that fails for want of a network while the connection banner already says so stays quiet: the
 * stores reload once the stream is live again.
 */
export const errorNotificationInterceptor: HttpInterceptorFn = (request, next) => {
  const notifications = inject(NotificationService);
  const connectivity = inject(ConnectivityService);
  return next(request).pipe(
    catchError((error: unknown) => {
      const isExplainedByBanner = !isMutating(request.method) && !connectivity.isLive();
      const shouldNotify =
        error instanceof HttpErrorResponse &&
        error.status !== 401 &&
        !isExplainedByBanner &&
        !request.context.get(HANDLES_ERRORS_ITSELF);
      if (shouldNotify) notifications.error(error, describeFailedRequest(request.method, request.urlWithParams));
      return throwError(() => error);
    }),
  );
};
