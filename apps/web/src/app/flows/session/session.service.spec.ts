import { TestBed } from '@angular/core/testing';
import { ADMIN_USER, envelope, lock } from '../../../testing/fixtures';
import { FakeEventSource } from '../../../testing/fake-event-source';
import { MY_CLIENT_ID, setUpStoreTestBed } from '../../../testing/store-test-bed';
import { CurrentUserService } from '../../core/auth/current-user.service';
import { NotificationService } from '../../core/notification.service';
import { SessionService } from './session.service';

describe('SessionService', () => {
  let bed: ReturnType<typeof setUpStoreTestBed>;
  let session: SessionService;
  let notifications: { info: jest.Mock; error: jest.Mock; important: jest.Mock };
  let auth: { handleSessionExpired: jest.Mock; currentUser: null };

  beforeEach(() => {
    jest.useFakeTimers();
    notifications = { info: jest.fn(), error: jest.fn(), important: jest.fn() };
    auth = { handleSessionExpired: jest.fn(), currentUser: null };
    bed = setUpStoreTestBed([
      { provide: NotificationService, useValue: notifications },
      { provide: CurrentUserService, useValue: auth },
    ]);
    bed.sse.disconnect();
    session = TestBed.inject(SessionService);
    session.start();
  });

  afterEach(() => {
    session.stop();
    bed.http.verify();
    jest.useRealTimers();
  });

  it('connects the stream on start and closes it on stop', () => {
    const stream = FakeEventSource.latest;
    expect(stream.isClosed).toBe(false);
    session.stop();
    expect(stream.isClosed).toBe(true);
  });

  it('sends the user to the login page when the stream reports the session expired', () => {
    bed.emit(envelope(0, 'session-expired', {}, null, null));
    expect(auth.handleSessionExpired).toHaveBeenCalledTimes(1);
  });

  it('checks the session when the stream fails (EventSource cannot see a 401)', () => {
    bed.stream().fail();
    bed.http.expectOne('/api/auth/me').flush({}, { status: 401, statusText: 'Unauthorized' });
  });

  it('tells the user at once, in words, that an admin broke their lock', () => {
    bed.hello(1, [lock('JobTask', 9, MY_CLIENT_ID)]);
    bed.http.expectOne('/api/locks/negotiations').flush({ lines: [], requests: [] });
    bed.emit(
      envelope(2, 'lock:broken', {
        lock: lock('JobTask', 9, MY_CLIENT_ID),
        by: { id: ADMIN_USER.id, displayName: 'Ada Admin' },
        reason: 'urgent fix',
      }),
    );
    expect(notifications.important).toHaveBeenCalledWith(
      'Ada Admin broke your lock on the job task "#9" ("urgent fix"). It is read-only now; your unsaved changes stay in the form — take the lock again to save them.',
    );
  });
});
