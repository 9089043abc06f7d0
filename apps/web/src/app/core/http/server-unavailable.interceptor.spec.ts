import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { DATABASE_UNAVAILABLE } from '@tdgen/contracts';
import { firstValueFrom } from 'rxjs';
import { apiError } from '../../../testing/fixtures';
import { CLIENT_ID } from '../client-id';
import { NotificationService } from '../notification.service';
import { errorText } from './error-text';
import { clientIdInterceptor } from './client-id.interceptor';
import { errorNotificationInterceptor } from './error-notification.interceptor';
import { ServerAvailabilityService } from './server-availability.service';
import { serverUnavailableInterceptor } from './server-unavailable.interceptor';
import { sessionInterceptor } from './session.interceptor';

@Component({ template: '' })
class BlankPage {}

const UNAVAILABLE = {
  status: 503,
  statusText: 'Service Unavailable',
  headers: { 'Retry-After': '0' },
};
const UNAVAILABLE_BODY = apiError(DATABASE_UNAVAILABLE, { retryAfterS: 0 });
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('an unavailable server (503, network error) is not a sign-out', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let router: Router;
  let availability: ServerAvailabilityService;
  let notifications: { error: jest.Mock; important: jest.Mock; info: jest.Mock };

  beforeEach(async () => {
    notifications = { error: jest.fn(), important: jest.fn(), info: jest.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'login', component: BlankPage },
          { path: 'tasks', component: BlankPage },
        ]),
        provideHttpClient(
          withInterceptors([
            clientIdInterceptor,
            sessionInterceptor,
            errorNotificationInterceptor,
            serverUnavailableInterceptor,
          ]),
        ),
        provideHttpClientTesting(),
        { provide: CLIENT_ID, useValue: 'tab-1' },
        { provide: NotificationService, useValue: notifications },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    availability = TestBed.inject(ServerAvailabilityService);
    await router.navigateByUrl('/tasks');
  });

  it('retries a read until the server answers, showing the outage meanwhile', async () => {
    const result = firstValueFrom(http.get<{ ok: boolean }>('/api/job-tasks'));
    backend.expectOne('/api/job-tasks').flush(UNAVAILABLE_BODY, UNAVAILABLE);
    expect(availability.isUnavailable).toBe(true);
    await tick();
    backend.expectOne('/api/job-tasks').error(new ProgressEvent('error'), { status: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // no Retry-After: a growing delay
    backend.expectOne('/api/job-tasks').flush({ ok: true });
    expect(await result).toEqual({ ok: true });
    expect(availability.isUnavailable).toBe(false);
    expect(router.url).toBe('/tasks');
    expect(notifications.error).not.toHaveBeenCalled();
  });

  it('hands a failed write back to its caller once, explained, without leaving the page', async () => {
    const failed = firstValueFrom(http.patch('/api/job-tasks/1', { title: 'Unsaved input' })).catch((e) => e);
    backend.expectOne('/api/job-tasks/1').flush(UNAVAILABLE_BODY, UNAVAILABLE);
    await tick();
    backend.expectNone('/api/job-tasks/1');
    expect((await failed).status).toBe(503);
    expect(router.url).toBe('/tasks');
    expect(availability.isUnavailable).toBe(true);
    expect(notifications.error).toHaveBeenCalledTimes(1);
    expect(errorText(await failed)).toMatch(/unavailable at the moment\. Your input is kept/);
  });

  it('still sends a real 401 to the login page', async () => {
    http.get('/api/job-tasks').subscribe({ error: () => undefined });
    backend.expectOne('/api/job-tasks').flush({ statusCode: 401 }, { status: 401, statusText: 'Unauthorized' });
    await tick();
    expect(router.url).toMatch(/^\/login/);
    expect(availability.isUnavailable).toBe(false);
  });
});
