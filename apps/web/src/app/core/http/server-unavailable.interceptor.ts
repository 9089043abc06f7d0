import { HttpEventType, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { retry, tap, throwError, timer } from 'rxjs';
import { ServerAvailabilityService, isServerUnavailable, retryAfterMs } from './server-availability.service';

/** Reads are retried this often (about half a minute in all) before their caller sees the error. */
export const READ_RETRIES = 6;
const MAX_DELAY_MS = 8000;

/**
 * An unavailable server (network error, 502/503/504) is not a lost session: it is reported to
 * ServerAvailabilityService (which shows it and watches for the way back), reads are retried
 * with growing delays (honouring Retry-After), and a failed write is handed back to its caller —
 * the form keeps the user's input, so they can save again once the server is back.
 */
export const serverUnavailableInterceptor: HttpInterceptorFn = (request, next) => {
  const availability = inject(ServerAvailabilityService);
  const isRead = request.method === 'GET' || request.method === 'HEAD';
  return next(request).pipe(
    tap({
      next: (event) => {
        if (event.type === HttpEventType.Response) availability.reportAvailable();
      },
      error: (error: unknown) => {
        if (isServerUnavailable(error)) availability.reportUnavailable();
      },
    }),
    retry({
      count: isRead ? READ_RETRIES : 0,
      delay: (error: unknown, attempt: number) =>
        isServerUnavailable(error)
          ? timer(retryAfterMs(error) ?? Math.min(250 * 2 ** attempt, MAX_DELAY_MS))
          : throwError(() => error),
    }),
  );
};
