import { TestBed } from '@angular/core/testing';
import { LOCK_REASON } from '@tdgen/contracts';
import { firstValueFrom } from 'rxjs';
import { ADMIN_USER, ALICE, BOB, envelope, lock, lockedError } from '../../testing/fixtures';
import { MY_CLIENT_ID, setUpStoreTestBed } from '../../testing/store-test-bed';
import { DEFAULT_APP_CONFIG } from '../core/config/app-config.service';
import { NotificationService } from '../core/notification.service';
import { lockKey } from '@tdgen/contracts';
import { LockStore, LostLock } from './lock.store';

/** jsdom's Blob has no text(); FileReader reads it. */
function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(blob);
  });
}

describe('LockStore', () => {
  let bed: ReturnType<typeof setUpStoreTestBed>;
  let locks: LockStore;
  let lost: LostLock[];

  beforeEach(() => {
    jest.useFakeTimers();
    bed = setUpStoreTestBed();
    locks = TestBed.inject(LockStore);
    lost = [];
    locks.lostLocks$.subscribe((l) => lost.push(l));
  });

  afterEach(() => {
    locks.reset();
    bed.http.verify();
    jest.useRealTimers();
  });

  it('starts from the hello snapshot, keyed by entity type and id', () => {
    bed.hello(5, [lock('JobTask', 1, 'other'), lock('JobDescription', 1, MY_CLIENT_ID)]);
    expect([...locks.snapshot.keys()]).toEqual(['JobTask:1', 'JobDescription:1']);
    expect(locks.isHeldByMe('JobDescription', 1)).toBe(true);
    expect(locks.isHeldByMe('JobTask', 1)).toBe(false);
  });

  it('shows and removes lock badges live', () => {
    bed.hello(5);
    bed.emit(envelope(6, 'lock:acquired', { lock: lock('JobTask', 3, 'bobs-tab', BOB) }));
    expect(locks.snapshot.get(lockKey('JobTask', 3))?.holder).toEqual(BOB);
    bed.emit(envelope(7, 'lock:refreshed', { lock: lock('JobTask', 3, 'bobs-tab', BOB, { expiresAt: 'later' }) }));
    expect(locks.snapshot.get('JobTask:3')?.expiresAt).toBe('later');
    bed.emit(envelope(8, 'lock:expired', { lock: lock('JobTask', 3, 'bobs-tab', BOB), by: null, reason: null }));
    expect(locks.snapshot.has('JobTask:3')).toBe(false);
    expect(lost).toEqual([]);
  });

  it('ignores lock events the snapshot already contains and duplicate events', () => {
    bed.hello(10, [lock('JobTask', 3, 'bobs-tab', BOB)]);
    locks.applyEvent(
      envelope(9, 'lock:released', { lock: lock('JobTask', 3, 'bobs-tab', BOB), by: null, reason: null }),
    );
    expect(locks.snapshot.has('JobTask:3')).toBe(true);
    locks.applyEvent(envelope(11, 'lock:acquired', { lock: lock('JobTask', 4, 'x', ALICE) }));
    locks.applyEvent(envelope(12, 'lock:released', { lock: lock('JobTask', 4, 'x', ALICE), by: null, reason: null }));
    locks.applyEvent(envelope(11, 'lock:acquired', { lock: lock('JobTask', 4, 'x', ALICE) }));
    expect(locks.snapshot.has('JobTask:4')).toBe(false);
  });

  it('does not let the end of an older lock remove a newer lock of someone else', () => {
    bed.hello(1);
    bed.emit(envelope(2, 'lock:acquired', { lock: lock('JobTask', 3, 'bobs-tab', BOB) }));
    bed.emit(envelope(3, 'lock:released', { lock: lock('JobTask', 3, 'alices-tab', ALICE), by: null, reason: null }));
    expect(locks.snapshot.get('JobTask:3')?.holder).toEqual(BOB);
  });

  it('tells this tab at once when an admin breaks its lock, and drops it to read-only', async () => {
    bed.hello(1, [lock('JobDescription', 7, MY_CLIENT_ID)]);
    const heldStates: boolean[] = [];
    locks.isHeldByMe$('JobDescription', 7).subscribe((held) => heldStates.push(held));
    bed.emit(
      envelope(
        2,
        'lock:broken',
        {
          lock: lock('JobDescription', 7, MY_CLIENT_ID),
          by: { id: ADMIN_USER.id, displayName: 'Ada' },
          reason: 'lunch',
        },
        'admin-tab',
        ADMIN_USER.id,
      ),
    );
    expect(heldStates).toEqual([true, false]);
    expect(lost).toEqual([
      expect.objectContaining({
        reason: 'broken',
        message: 'lunch',
        by: expect.objectContaining({ displayName: 'Ada' }),
      }),
    ]);
  });

  it('reports a takeover from another tab', () => {
    bed.hello(1, [lock('JobTask', 2, MY_CLIENT_ID, ALICE)]);
    bed.emit(envelope(2, 'lock:acquired', { lock: lock('JobTask', 2, 'alices-other-tab', ALICE) }, 'alices-other-tab'));
    expect(locks.isHeldByMe('JobTask', 2)).toBe(false);
    expect(lost.map((l) => l.reason)).toEqual(['taken-over']);
  });

  it('reports a takeover as such when the server ends the lock with lock:broken "taken over"', () => {
    bed.hello(1, [lock('JobDescription', 2, MY_CLIENT_ID, ALICE)]);
    bed.emit(
      envelope(
        2,
        'lock:broken',
        { lock: lock('JobDescription', 2, MY_CLIENT_ID, ALICE), by: ALICE, reason: LOCK_REASON.takenOver },
        'alices-other-tab',
        ALICE.id,
      ),
    );
    bed.emit(
      envelope(3, 'lock:acquired', { lock: lock('JobDescription', 2, 'alices-other-tab', ALICE) }, 'alices-other-tab'),
    );
    expect(locks.isHeldByMe('JobDescription', 2)).toBe(false);
    expect(lost).toEqual([expect.objectContaining({ reason: 'taken-over', by: ALICE })]);
  });

  it('reports a lock that vanished while the stream was down', () => {
    bed.hello(1, [lock('JobTask', 2, MY_CLIENT_ID)]);
    bed.hello(9, []);
    expect(lost.map((l) => l.reason)).toEqual(['expired']);
  });

  it('acquires a free lock and reports a held one with its holder', async () => {
    bed.hello(1);
    const acquired = firstValueFrom(locks.acquire('JobTask', 5));
    const request = bed.http.expectOne('/api/locks/acquire');
    expect(request.request.body).toEqual({ entityType: 'JobTask', entityId: 5, clientId: MY_CLIENT_ID });
    request.flush({ lock: lock('JobTask', 5, MY_CLIENT_ID) });
    expect(await acquired).toEqual({ kind: 'acquired', lock: lock('JobTask', 5, MY_CLIENT_ID) });
    expect(locks.isHeldByMe('JobTask', 5)).toBe(true);

    const conflict = firstValueFrom(locks.acquire('JobTask', 6));
    bed.http
      .expectOne('/api/locks/acquire')
      .flush(lockedError(lock('JobTask', 6, 'bobs-tab', BOB)), { status: 423, statusText: 'Locked' });
    expect(await conflict).toEqual({
      kind: 'conflict',
      lock: lock('JobTask', 6, 'bobs-tab', BOB),
      isHeldBySelfElsewhere: false,
    });
    expect(locks.snapshot.get('JobTask:6')?.holder).toEqual(BOB);
  });

  it('sends takeover when asked', () => {
    locks.acquire('JobTask', 5, true).subscribe();
    expect(bed.http.expectOne('/api/locks/acquire').request.body).toEqual(expect.objectContaining({ takeover: true }));
  });

  it('releases, forgetting the lock at once, and does not report its own release echo', () => {
    bed.hello(1, [lock('JobTask', 2, MY_CLIENT_ID)]);
    locks.release('JobTask', 2).subscribe();
    expect(locks.isHeldByMe('JobTask', 2)).toBe(false);
    bed.http.expectOne('/api/locks/release').flush(null);
    bed.emit(
      envelope(2, 'lock:released', { lock: lock('JobTask', 2, MY_CLIENT_ID), by: null, reason: null }, MY_CLIENT_ID),
    );
    expect(lost).toEqual([]);
  });

  it('explains a refused release unless the lock was gone anyway', () => {
    const notifications = TestBed.inject(NotificationService);
    const error = jest.spyOn(notifications, 'error').mockImplementation(() => undefined);
    bed.hello(1, [lock('JobTask', 2, MY_CLIENT_ID), lock('JobTask', 3, MY_CLIENT_ID)]);
    locks.release('JobTask', 2).subscribe();
    bed.http.expectOne('/api/locks/release').flush({}, { status: 423, statusText: 'Locked' });
    expect(error).not.toHaveBeenCalled();
    locks.release('JobTask', 3).subscribe();
    bed.http.expectOne('/api/locks/release').flush({}, { status: 400, statusText: 'Bad Request' });
    expect(error).toHaveBeenCalledTimes(1);
  });

  it('keeps a re-acquired lock when the echo of the earlier release arrives late', () => {
    bed.hello(1, [lock('JobTask', 2, MY_CLIENT_ID, ALICE, { acquiredAt: 'first' })]);
    locks.release('JobTask', 2).subscribe();
    bed.http.expectOne('/api/locks/release').flush(null);
    locks.acquire('JobTask', 2).subscribe();
    bed.http
      .expectOne('/api/locks/acquire')
      .flush({ lock: lock('JobTask', 2, MY_CLIENT_ID, ALICE, { acquiredAt: 'second' }) });
    bed.emit(
      envelope(
        2,
        'lock:released',
        { lock: lock('JobTask', 2, MY_CLIENT_ID, ALICE, { acquiredAt: 'first' }), by: null, reason: null },
        MY_CLIENT_ID,
      ),
    );
    expect(locks.isHeldByMe('JobTask', 2)).toBe(true);
  });

  it('lets the locks of an idle tab run down: no refresh without input since the last round', () => {
    bed.hello(1, [lock('JobTask', 2, MY_CLIENT_ID)]);
    locks.startAutoRefresh();
    jest.advanceTimersByTime(DEFAULT_APP_CONFIG.lock.refreshIntervalMs * 3);
    bed.http.expectNone('/api/locks/refresh');
  });

  it('refreshes held locks every refresh interval while the tab is used and reports a refused refresh as lost', () => {
    bed.hello(1, [lock('JobTask', 2, MY_CLIENT_ID), lock('JobTask', 3, 'bobs-tab', BOB)]);
    locks.startAutoRefresh();
    jest.advanceTimersByTime(1000);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    jest.advanceTimersByTime(DEFAULT_APP_CONFIG.lock.refreshIntervalMs);
    const refresh = bed.http.expectOne('/api/locks/refresh');
    expect(refresh.request.body).toEqual({ entityType: 'JobTask', entityId: 2, clientId: MY_CLIENT_ID });
    refresh.flush(lockedError(lock('JobTask', 7, 'bobs-tab', BOB)), { status: 423, statusText: 'Locked' });
    expect(locks.isHeldByMe('JobTask', 2)).toBe(false);
    expect(lost.map((l) => l.reason)).toEqual(['expired']);
  });

  it('keeps a lock when a refresh fails for network reasons', () => {
    bed.hello(1, [lock('JobTask', 2, MY_CLIENT_ID)]);
    locks.refresh('JobTask', 2).subscribe();
    bed.http.expectOne('/api/locks/refresh').error(new ProgressEvent('error'), { status: 0 });
    expect(locks.isHeldByMe('JobTask', 2)).toBe(true);
  });

  it('releases every held lock by beacon when the tab is closed', async () => {
    const sendBeacon = jest.fn().mockReturnValue(true);
    Object.defineProperty(window.navigator, 'sendBeacon', { value: sendBeacon, configurable: true });
    bed.hello(1, [lock('JobTask', 2, MY_CLIENT_ID), lock('JobTask', 3, 'bobs-tab', BOB)]);
    window.dispatchEvent(new Event('pagehide'));
    expect(sendBeacon).toHaveBeenCalledTimes(1);
    const [url, blob] = sendBeacon.mock.calls[0] as [string, Blob];
    expect(url).toBe('/api/locks/release');
    expect(blob.type).toBe('text/plain;charset=utf-8');
    expect(JSON.parse(await readBlob(blob))).toEqual({ entityType: 'JobTask', entityId: 2, clientId: MY_CLIENT_ID });
  });
});
