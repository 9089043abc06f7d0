import { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { LOCK_FENCES_HEADER, formatLockFences } from '@tdgen/contracts';
import { isMutating } from '../core/http/client-id.interceptor';
import { LockStore } from './lock.store';

/**
 * Every mutation carries the fencing tokens of the locks this tab holds (docs/product.md § Locks):
 * a write the tab sent under an earlier lock of the record is refused by the server (423).
 */
export const lockFencesInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isMutating(request.method)) return next(request);
  const held = inject(LockStore).heldByMe();
  if (held.length === 0) return next(request);
  return next(request.clone({ setHeaders: { [LOCK_FENCES_HEADER]: formatLockFences(held) } }));
};
