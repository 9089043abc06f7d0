import { TestBed } from '@angular/core/testing';
import type { HandoverRequestDto, LockLineDto, LockOfferDto } from '@tdgen/contracts';
import { ALICE, BOB, envelope, lock } from '../../testing/fixtures';
import { MY_CLIENT_ID, setUpStoreTestBed } from '../../testing/store-test-bed';
import { LockNegotiationStore, type HandoverOutcome } from './lock-negotiation.store';
import { LockStore } from './lock.store';

const request = (overrides: Partial<HandoverRequestDto> = {}): HandoverRequestDto => ({
  entityType: 'JobTask',
  entityId: 4,
  requester: BOB,
  requesterClientId: 'bobs-tab',
  holder: ALICE,
  holderClientId: MY_CLIENT_ID,
  message: 'please',
  requestedAt: '2025-01-01T10:00:00.000Z',
  decideBy: '2025-01-01T10:01:00.000Z',
  ...overrides,
});
const offer = (clientId: string, user = ALICE): LockOfferDto => ({
  entityType: 'JobTask',
  entityId: 4,
  user,
  clientId,
  offeredAt: '2025-01-01T10:00:00.000Z',
  expiresAt: '2025-01-01T10:00:30.000Z',
});
const line = (waiting: string[], offered: LockOfferDto | null = null): LockLineDto => ({
  entityType: 'JobTask',
  entityId: 4,
  waiting: waiting.map((clientId) => ({ user: BOB, clientId, since: '' })),
  offer: offered,
});

describe('LockNegotiationStore (docs/product.md § Locks)', () => {
  let bed: ReturnType<typeof setUpStoreTestBed>;
  let store: LockNegotiationStore;
  let locks: LockStore;

  beforeEach(() => {
    bed = setUpStoreTestBed();
    store = TestBed.inject(LockNegotiationStore);
    locks = TestBed.inject(LockStore);
  });
  afterEach(() => bed.http.verify());

  function latest<T>(source: { subscribe: (fn: (v: T) => void) => { unsubscribe(): void } }): T {
    let value!: T;
    source.subscribe((v) => (value = v)).unsubscribe();
    return value;
  }

  it('loads requests and lines after every hello', () => {
    bed.hello(1, [lock('JobTask', 4, MY_CLIENT_ID)]);
    bed.http.expectOne('/api/locks/negotiations').flush({ lines: [line(['x', MY_CLIENT_ID])], requests: [request()] });
    expect(latest(store.incomingRequests$)).toEqual([request()]);
    expect(store.positionOf(latest(store.line$('JobTask', 4)))).toBe(2);
  });

  it('shows the holder a request addressed to this tab only, and forgets it when it ends', () => {
    bed.emit(envelope(2, 'lock:handover-requested', { request: request({ holderClientId: 'other-tab' }) }));
    expect(latest(store.incomingRequests$)).toEqual([]);
    bed.emit(envelope(3, 'lock:handover-requested', { request: request({ entityId: 5 }) }));
    expect(latest(store.incomingRequests$)).toEqual([request({ entityId: 5 })]);
    bed.emit(envelope(4, 'lock:handover-declined', { request: request({ entityId: 5 }), reason: 'withdrawn' }));
    expect(latest(store.incomingRequests$)).toEqual([]);
  });

  it("tells the requester's tab how its request ended", () => {
    const outcomes: HandoverOutcome[] = [];
    store.outcomes$.subscribe((o) => outcomes.push(o));
    const mine = request({ requesterClientId: MY_CLIENT_ID, holderClientId: 'alices-tab' });
    bed.emit(envelope(2, 'lock:handover-declined', { request: mine, reason: 'declined' }, 'alices-tab', ALICE.id));
    bed.emit(
      envelope(3, 'lock:handed-over', {
        lock: lock('JobTask', 4, MY_CLIENT_ID, BOB, { fence: 9 }),
        previous: lock('JobTask', 4, 'alices-tab'),
        request: mine,
        reason: 'idle',
      }),
    );
    expect(outcomes.map((o) => [o.kind, o.reason])).toEqual([
      ['declined', 'declined'],
      ['handed-over', 'idle'],
    ]);
    expect(locks.isHeldByMe('JobTask', 4)).toBe(true);
  });

  it('follows the line: places, an offer to this tab, and the end of the line', () => {
    bed.emit(envelope(2, 'lock:queue-changed', { line: line(['a', MY_CLIENT_ID]) }));
    expect(store.positionOf(latest(store.line$('JobTask', 4)))).toBe(2);
    bed.emit(envelope(3, 'lock:offered', { offer: offer(MY_CLIENT_ID) }));
    expect(latest(store.myOffers$)).toEqual([offer(MY_CLIENT_ID)]);
    bed.emit(envelope(4, 'lock:queue-changed', { line: line([]) }));
    expect(latest(store.line$('JobTask', 4))).toBeNull();
    expect(latest(store.myOffers$)).toEqual([]);
  });

  it('leaves its lines and withdraws its requests by beacon when the page goes away', () => {
    const sendBeacon = jest.fn().mockReturnValue(true);
    Object.defineProperty(window.navigator, 'sendBeacon', { value: sendBeacon, configurable: true });
    bed.emit(envelope(2, 'lock:queue-changed', { line: line([MY_CLIENT_ID]) }));
    bed.emit(envelope(3, 'lock:queue-changed', { line: { ...line(['other']), entityId: 5 } }));
    bed.emit(
      envelope(4, 'lock:handover-requested', {
        request: request({ entityId: 6, requesterClientId: MY_CLIENT_ID, holderClientId: 'x' }),
      }),
    );
    window.dispatchEvent(new Event('pagehide'));
    expect(sendBeacon.mock.calls.map(([url]) => url)).toEqual([
      '/api/locks/queue/leave',
      '/api/locks/handover/withdraw',
    ]);
  });
});
