import { Route } from '@angular/router';

export const ADMIN_ROUTES: Route[] = [{ path: '', pathMatch: 'full', redirectTo: 'users' }];
