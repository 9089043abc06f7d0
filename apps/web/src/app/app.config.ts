import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { appRoutes } from './app.routes';
import { AppConfigService } from './core/config/app-config.service';
import { clientIdInterceptor } from './core/http/client-id.interceptor';
import { errorNotificationInterceptor } from './core/http/error-notification.interceptor';
import { serverUnavailableInterceptor } from './core/http/server-unavailable.interceptor';
import { sessionInterceptor } from './core/http/session.interceptor';
import { lockFencesInterceptor } from './core/http/lock-fences.interceptor';
import { ThemeService } from './core/theme.service';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(appRoutes, withComponentInputBinding()),
    provideHttpClient(
      withInterceptors([
        clientIdInterceptor,
        lockFencesInterceptor,
        sessionInterceptor,
        errorNotificationInterceptor,
        // Innermost: reads are retried before the outer interceptors see a final error.
        serverUnavailableInterceptor,
      ]),
    ),
    provideAppInitializer(() => inject(AppConfigService).load()),
    // The saved light/dark choice applies before the first page renders.
    provideAppInitializer(() => void inject(ThemeService)),
  ],
};
