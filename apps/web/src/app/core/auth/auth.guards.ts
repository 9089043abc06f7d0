import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { map } from 'rxjs';
import { CurrentUserService, LOGIN_PATH } from './current-user.service';

/** Only signed-in users pass; others go to the login page, which brings them back afterwards. */
export const authGuard: CanActivateFn = (_route, state) => {
  const router = inject(Router);
  return inject(CurrentUserService)
    .ensureSession()
    .pipe(
      map((user) =>
        user
          ? true
          : router.createUrlTree([LOGIN_PATH], { queryParams: state.url !== '/' ? { returnUrl: state.url } : {} }),
      ),
    );
};

/** Admin screens; the server enforces the role as well, this only keeps editors out of dead ends. */
export const adminGuard: CanActivateFn = () => {
  const router = inject(Router);
  return inject(CurrentUserService)
    .ensureSession()
    .pipe(map((user) => (user?.role === 'ADMIN' ? true : router.createUrlTree(['/']))));
};

/** A signed-in user who opens /login goes straight to the board. */
export const anonymousGuard: CanActivateFn = () => {
  const router = inject(Router);
  return inject(CurrentUserService)
    .ensureSession()
    .pipe(map((user) => (user ? router.createUrlTree(['/']) : true)));
};
