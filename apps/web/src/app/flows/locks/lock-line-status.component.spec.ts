import { TestBed } from '@angular/core/testing';
import type { LockLineDto } from '@tdgen/contracts';
import { ALICE, BOB, envelope, lock } from '../../../testing/fixtures';
import { MY_CLIENT_ID, setUpStoreTestBed } from '../../../testing/store-test-bed';
import { LockNegotiationStore } from '../../stores/lock-negotiation.store';
import { LockStore } from '../../stores/lock.store';
import { LockLineStatusComponent } from './lock-line-status.component';

const line = (waiting: string[]): LockLineDto => ({
  entityType: 'JobTask',
  entityId: 4,
  waiting: waiting.map((clientId) => ({ user: BOB, clientId, since: '' })),
  offer: null,
});

describe('LockLineStatusComponent (docs/product.md § Locks)', () => {
  let bed: ReturnType<typeof setUpStoreTestBed>;

  function render() {
    const fixture = TestBed.createComponent(LockLineStatusComponent);
    fixture.componentRef.setInput('entityType', 'JobTask');
    fixture.componentRef.setInput('entityId', 4);
    fixture.detectChanges();
    return fixture;
  }
  const text = (fixture: ReturnType<typeof render>, testId: string) =>
    (fixture.nativeElement as HTMLElement).querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() ?? null;

  beforeEach(() => {
    bed = setUpStoreTestBed();
    TestBed.inject(LockNegotiationStore);
    TestBed.inject(LockStore);
    bed.hello(0);
    bed.http.expectOne('/api/locks/negotiations').flush({ lines: [], requests: [] });
  });
  afterEach(() => bed.http.verify());

  it('tells the holder how many people wait', () => {
    bed.emit(envelope(1, 'lock:acquired', { lock: lock('JobTask', 4, MY_CLIENT_ID, ALICE) }));
    const fixture = render();
    expect(text(fixture, 'lock-line-waiting')).toBeNull();
    bed.emit(envelope(2, 'lock:queue-changed', { line: line(['b1', 'b2']) }));
    fixture.detectChanges();
    expect(text(fixture, 'lock-line-waiting')).toBe('2 people are waiting for this record.');
  });

  it('tells a waiter their place and lets them leave the line', () => {
    bed.emit(envelope(1, 'lock:acquired', { lock: lock('JobTask', 4, 'alices-tab', ALICE) }));
    bed.emit(envelope(2, 'lock:queue-changed', { line: line(['b1', MY_CLIENT_ID]) }));
    const fixture = render();
    expect(text(fixture, 'lock-line-waiting')).toBeNull();
    expect(text(fixture, 'lock-line-position')).toContain('You are number 2 in line.');
    (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('[data-testid="lock-line-leave"]')!.click();
    const leaving = bed.http.expectOne('/api/locks/queue/leave');
    expect(leaving.request.body).toEqual({ entityType: 'JobTask', entityId: 4, clientId: MY_CLIENT_ID });
    leaving.flush(null);
  });
});
