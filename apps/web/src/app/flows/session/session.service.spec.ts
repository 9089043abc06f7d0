import { TestBed } from '@angular/core/testing';
import { ADMIN_USER, BOB, envelope, lock } from '../../../testing/fixtures';
import { inLanguage } from '../../../testing/translations';
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
  it('words a lock handed over to its requester in English and German, the idle tab and the unanswered prompt apart', () => {
    const idle = { lock: lock('JobTask', 9, MY_CLIENT_ID), reason: 'handed-over', by: BOB, message: 'idle' } as const;
    const timeout = { ...idle, lock: lock('JobDescription', 5, MY_CLIENT_ID), message: 'timeout' } as const;
    expect(session.describeLost(idle)).toBe(
      'Your lock on the job task "#9" passed to Bob Example, who asked for it (this tab was idle). It is read-only now; your unsaved changes stay in the form — take the lock again to save them.',
    );
    expect(session.describeLost(timeout)).toBe(
      'Your lock on the job description "#5" passed to Bob Example, who asked for it (no answer in time). It is read-only now; your unsaved changes stay in the form — take the lock again to save them.',
    );
    inLanguage('de', () => {
      expect(session.describeLost(idle)).toBe(
        'Ihre Sperre für den Arbeitsvorgang „#9“ ist an Bob Example übergegangen, der/die darum gebeten hat (dieser Tab war inaktiv). Der Datensatz ist jetzt schreibgeschützt; Ihre ungespeicherten Änderungen bleiben im Formular — holen Sie die Sperre erneut, um sie zu speichern.',
      );
      expect(session.describeLost(timeout)).toBe(
        'Ihre Sperre für die Tätigkeitsdarstellung „#5“ ist an Bob Example übergegangen, der/die darum gebeten hat (keine Antwort in der Zeit). Der Datensatz ist jetzt schreibgeschützt; Ihre ungespeicherten Änderungen bleiben im Formular — holen Sie die Sperre erneut, um sie zu speichern.',
      );
    });
  });
});
