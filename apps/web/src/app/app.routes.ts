import { Route } from '@angular/router';
import { adminGuard, anonymousGuard, authGuard } from './core/auth/auth.guards';

export const appRoutes: Route[] = [
  {
    path: 'login',
    canActivate: [anonymousGuard],
    title: $localize`:page title:Sign in · TDGen`,
    loadComponent: () => import('./features/login/login.page').then((m) => m.LoginPage),
  },
  {
    path: '',
    canActivate: [authGuard],
    loadComponent: () => import('./layout/shell.component').then((m) => m.ShellComponent),
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: $localize`:page title:Board · TDGen`,
        loadComponent: () => import('./features/board/board.page').then((m) => m.BoardPage),
      },
      {
        path: 'tasks',
        title: $localize`:page title:Job tasks · TDGen`,
        loadComponent: () => import('./features/job-tasks/job-tasks.page').then((m) => m.JobTasksPage),
      },
      {
        path: 'tasks/:id',
        title: $localize`:page title:Job tasks · TDGen`,
        loadComponent: () => import('./features/job-tasks/job-tasks.page').then((m) => m.JobTasksPage),
      },
      {
        path: 'descriptions',
        title: $localize`:page title:Job descriptions · TDGen`,
        loadComponent: () =>
          import('./features/job-descriptions/job-descriptions.page').then((m) => m.JobDescriptionsPage),
      },
      {
        // A link to one description: shown expanded (read-only) in the list.
        path: 'descriptions/:id',
        title: $localize`:page title:Job descriptions · TDGen`,
        loadComponent: () =>
          import('./features/job-descriptions/job-descriptions.page').then((m) => m.JobDescriptionsPage),
      },
      {
        path: 'job-descriptions/:id/document',
        title: $localize`:page title:Job description document · TDGen`,
        loadComponent: () =>
          import('./features/documents/job-description-document.page').then((m) => m.JobDescriptionDocumentPage),
      },
      {
        path: 'admin',
        canActivate: [adminGuard],
        loadChildren: () => import('./features/admin/admin.routes').then((m) => m.ADMIN_ROUTES),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
