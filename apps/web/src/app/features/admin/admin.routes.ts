import { Route } from '@angular/router';

export const ADMIN_ROUTES: Route[] = [
  { path: '', pathMatch: 'full', redirectTo: 'users' },
  {
    path: 'users',
    title: $localize`:page title:Users · TDGen`,
    loadComponent: () => import('./users.page').then((m) => m.UsersPage),
  },
  {
    path: 'locks',
    title: $localize`:page title:Active locks · TDGen`,
    loadComponent: () => import('./locks.page').then((m) => m.LocksPage),
  },
];
