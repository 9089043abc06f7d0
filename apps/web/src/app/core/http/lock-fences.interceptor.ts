import { HttpInterceptorFn } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { LOCK_FENCES_HEADER, formatLockFences, type LockDto } from '@tdgen/contracts';
import { isMutating } from './client-id.interceptor';

type HeldLocks = () => readonly Pick<LockDto, 'entityType' | 'entityId' | 'fence'>[];

/** Where the interceptor learns the locks this tab holds; the lock store plugs itself in (core imports no store). */
@Injectable({ providedIn: 'root' })
export class HeldLockFences {
  private source: HeldLocks = () => [];

  use(source: HeldLocks): void {
    this.source = source;
  }

  header(): string {
    return formatLockFences(this.source());
  }
}

/**
 * Every mutation carries the fencing tokens of the locks this tab holds (docs/product.md § Locks):
 * a write the tab sent under an earlier lock of the record is refused by the server (423).
 */
export const lockFencesInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isMutating(request.method)) return next(request);
  const header = inject(HeldLockFences).header();
  if (!header) return next(request);
  return next(request.clone({ setHeaders: { [LOCK_FENCES_HEADER]: header } }));
};
