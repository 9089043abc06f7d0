import { HttpBackend, HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { ROUTES } from '@tdgen/contracts';
import { BehaviorSubject, Observable, Subscription, catchError, filter, map, of, switchMap, take, timer } from 'rxjs';
import { apiUrl } from '../api-url';

/** Answers that mean "the server (or its database) cannot serve right now", not "you are signed out". */
export function isServerUnavailable(error: unknown): boolean {
  return error instanceof HttpErrorResponse && [0, 502, 503, 504].includes(error.status);
}

/** How long the server asked us to wait (Retry-After, seconds), if it said so. */
export function retryAfterMs(error: unknown): number | null {
  const header = error instanceof HttpErrorResponse ? error.headers?.get('Retry-After') : null;
  const seconds = header === null || header === undefined ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

const HEALTH_POLL_MS = 2000;

/**
 * Whether the server is reachable. A request that meets an unavailable server (network error,
 * 502/503/504 — e.g. its database is down) reports it here; the app then shows a notice and
 * keeps the user where they are, with their input, while this service polls the health endpoint
 * (outside the interceptors) until the server answers again.
 */
@Injectable({ providedIn: 'root' })
export class ServerAvailabilityService {
  // Straight to the backend: the health poll must not itself be retried or reported.
  private readonly http = new HttpClient(inject(HttpBackend));
  private readonly unavailable = new BehaviorSubject(false);
  private poll: Subscription | null = null;

  readonly isUnavailable$: Observable<boolean> = this.unavailable.asObservable();

  get isUnavailable(): boolean {
    return this.unavailable.value;
  }

  reportUnavailable(): void {
    if (this.unavailable.value) return;
    this.unavailable.next(true);
    this.poll = timer(HEALTH_POLL_MS, HEALTH_POLL_MS)
      .pipe(
        switchMap(() =>
          this.http.get(apiUrl(ROUTES.health), { observe: 'response' }).pipe(
            map((res) => res.ok),
            catchError(() => of(false)),
          ),
        ),
        filter(Boolean),
        take(1),
      )
      .subscribe(() => this.reportAvailable());
  }

  reportAvailable(): void {
    if (!this.unavailable.value) return;
    this.poll?.unsubscribe();
    this.poll = null;
    this.unavailable.next(false);
  }
}
