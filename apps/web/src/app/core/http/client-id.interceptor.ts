import { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { CLIENT_ID_HEADER } from '@tdgen/contracts';
import { CLIENT_ID } from '../client-id';

const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isMutating(method: string): boolean {
  return MUTATING_METHODS.has(method.toUpperCase());
}

/** Every mutation names the acting tab: lock ownership and echo suppression are per tab. */
export const clientIdInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isMutating(request.method)) return next(request);
  return next(request.clone({ setHeaders: { [CLIENT_ID_HEADER]: inject(CLIENT_ID) } }));
};
