import { HttpContext, HttpContextToken } from '@angular/common/http';

/** The caller shows this request's errors itself (e.g. the lock dialog for a 423, the login form). */
export const HANDLES_ERRORS_ITSELF = new HttpContextToken<boolean>(() => false);

/** A 401 on this request is an expected answer (login, the initial "who am I"), not a lost session. */
export const EXPECTS_UNAUTHORIZED = new HttpContextToken<boolean>(() => false);

export function handlesErrorsItself(context = new HttpContext()): HttpContext {
  return context.set(HANDLES_ERRORS_ITSELF, true);
}

export function expectsUnauthorized(context = new HttpContext()): HttpContext {
  return context.set(EXPECTS_UNAUTHORIZED, true).set(HANDLES_ERRORS_ITSELF, true);
}
