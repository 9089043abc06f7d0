import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { CLIENT_ID } from '../client-id';
import { ConnectivityService } from '../connectivity.service';
import { NotificationService } from '../notification.service';
import { clientIdInterceptor } from './client-id.interceptor';
import { errorNotificationInterceptor } from './error-notification.interceptor';
import { expectsUnauthorized, handlesErrorsItself } from './http-context';
import { sessionInterceptor } from './session.interceptor';

@Component({ template: '' })
class BlankPage {}

describe('HTTP interceptors', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let notifications: { error: jest.Mock; important: jest.Mock; info: jest.Mock };
  let router: Router;
  const isLive = signal(true);

  beforeEach(async () => {
    isLive.set(true);
    notifications = { error: jest.fn(), important: jest.fn(), info: jest.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'login', component: BlankPage },
          { path: 'tasks', component: BlankPage },
        ]),
        provideHttpClient(withInterceptors([clientIdInterceptor, sessionInterceptor, errorNotificationInterceptor])),
        provideHttpClientTesting(),
        { provide: CLIENT_ID, useValue: 'tab-42' },
        { provide: NotificationService, useValue: notifications },
        { provide: ConnectivityService, useValue: { isLive } },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    await router.navigateByUrl('/tasks?q=filing');
  });

  afterEach(() => backend.verify());

  it('names the tab on every mutation but not on reads', () => {
    http.get('/api/job-tasks').subscribe();
    http.post('/api/job-tasks', {}).subscribe();
    http.patch('/api/job-tasks/1', {}).subscribe();
    http.delete('/api/job-tasks/1').subscribe();
    expect(backend.expectOne({ method: 'GET' }).request.headers.has('x-client-id')).toBe(false);
    for (const method of ['POST', 'PATCH', 'DELETE']) {
      expect(backend.expectOne({ method }).request.headers.get('x-client-id')).toBe('tab-42');
    }
  });

  it('sends the user to the login page on a 401, keeping their place', async () => {
    http.get('/api/job-tasks').subscribe({ error: () => undefined });
    backend.expectOne('/api/job-tasks').flush({ statusCode: 401 }, { status: 401, statusText: 'Unauthorized' });
    await new Promise((resolve) => setTimeout(resolve));
    expect(router.url).toBe('/login?returnUrl=%2Ftasks%3Fq%3Dfiling');
  });

  it('leaves an expected 401 (wrong password) to its caller', async () => {
    http.post('/api/auth/login', {}, { context: expectsUnauthorized() }).subscribe({ error: () => undefined });
    backend.expectOne('/api/auth/login').flush({}, { status: 401, statusText: 'Unauthorized' });
    await new Promise((resolve) => setTimeout(resolve));
    expect(router.url).toBe('/tasks?q=filing');
    expect(notifications.error).not.toHaveBeenCalled();
  });

  it.each([400, 403, 404, 409, 423, 428, 429])('explains a %i from a mutation to the user', (status) => {
    http.patch('/api/job-tasks/1', {}).subscribe({ error: () => undefined });
    backend.expectOne('/api/job-tasks/1').flush({ statusCode: status, message: 'x' }, { status, statusText: 'x' });
    expect(notifications.error).toHaveBeenCalledTimes(1);
    expect(notifications.error.mock.calls[0][1]).toBe('Could not save the job task');
  });

  it.each([
    ['DELETE', '/api/job-description-tasks/3/4', 'Could not remove the task'],
    ['PATCH', '/api/job-descriptions/3/percentages', 'Could not save the shares'],
    ['POST', '/api/job-descriptions', 'Could not create the job description'],
    ['GET', '/api/job-tasks', 'Could not load the job tasks'],
  ])('says what failed: %s %s', (method, url, what) => {
    http.request(method, url, { body: {} }).subscribe({ error: () => undefined });
    backend.expectOne(url).flush({ statusCode: 500 }, { status: 500, statusText: 'x' });
    expect(notifications.error).toHaveBeenCalledWith(expect.anything(), what);
  });

  it('stays quiet for callers that show errors themselves, and for reads while the banner says offline', () => {
    http.post('/api/locks/acquire', {}, { context: handlesErrorsItself() }).subscribe({ error: () => undefined });
    backend.expectOne('/api/locks/acquire').flush({}, { status: 423, statusText: 'Locked' });
    isLive.set(false);
    http.get('/api/job-tasks').subscribe({ error: () => undefined });
    backend.expectOne('/api/job-tasks').error(new ProgressEvent('error'));
    expect(notifications.error).not.toHaveBeenCalled();
  });
});
