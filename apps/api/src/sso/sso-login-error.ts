import type { SsoFailure } from '@tdgen/contracts';

/**
 * A single sign-on attempt that cannot finish. `failure` is what the person is told (a plain
 * message on the login page); `detail` is for the server log only.
 */
export class SsoLoginError extends Error {
  constructor(
    readonly failure: SsoFailure,
    readonly detail: string,
  ) {
    super(detail);
  }
}
