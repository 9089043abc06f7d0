import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { LOCK_FENCES_HEADER, parseLockFences } from '@tdgen/contracts';
import type { Request } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Observable } from 'rxjs';

const NONE: ReadonlyMap<string, number> = new Map();
const storage = new AsyncLocalStorage<ReadonlyMap<string, number>>();

/**
 * The fencing tokens the acting tab sent (`X-Lock-Fences`, docs/adr/0016), keyed `JobTask:7`.
 * Read by LocksService.assertHeld inside every guarded write, so no service has to pass them on.
 */
export function currentLockFences(): ReadonlyMap<string, number> {
  return storage.getStore() ?? NONE;
}

/** Runs `work` with the fencing tokens of an `X-Lock-Fences` header (if any) as `currentLockFences()`. */
export function withLockFences<T>(header: string | undefined, work: () => T): T {
  return header ? storage.run(parseLockFences(header), work) : work();
}

/** Makes the request's fencing tokens available to everything the handler runs (AsyncLocalStorage). */
@Injectable()
export class LockFencesInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    return withLockFences(context.switchToHttp().getRequest<Request>().get(LOCK_FENCES_HEADER), () => next.handle());
  }
}
