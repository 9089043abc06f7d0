import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { CurrentUserService } from '../auth/current-user.service';
import { EXPECTS_UNAUTHORIZED } from './http-context';

/** A 401 anywhere means the session is gone: back to the login page, keeping the user's place. */
export const sessionInterceptor: HttpInterceptorFn = (request, next) => {
  const auth = inject(CurrentUserService);
  return next(request).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401 && !request.context.get(EXPECTS_UNAUTHORIZED)) {
        auth.handleSessionExpired();
      }
      return throwError(() => error);
    }),
  );
};
