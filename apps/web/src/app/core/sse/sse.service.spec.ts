import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import type { AnySseEnvelope } from '@tdgen/contracts';
import { FakeEventSource } from '../../../testing/fake-event-source';
import { envelope, lock, task } from '../../../testing/fixtures';
import { CLIENT_ID } from '../client-id';
import { DEFAULT_APP_CONFIG } from '../config/app-config.service';
import { EVENT_SOURCE_FACTORY } from './event-source.factory';
import { ConnectionState, FAILED_ATTEMPTS_BEFORE_OFFLINE, SseService } from './sse.service';

const BASE_DELAY = DEFAULT_APP_CONFIG.sse.reconnectTimeoutMs;
const WATCHDOG_MS = DEFAULT_APP_CONFIG.sse.heartbeatIntervalMs * 2.5;

function hello(lastEventId: number): AnySseEnvelope {
  return envelope(0, 'hello', { connectionId: 'c1', lastEventId, presence: [], locks: [], serverTime: '' }, null, null);
}

describe('SseService', () => {
  let service: SseService;
  let states: ConnectionState[];

  beforeEach(() => {
    jest.useFakeTimers();
    jest.spyOn(Math, 'random').mockReturnValue(0.5); // jitter factor exactly 1.0
    FakeEventSource.reset();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: EVENT_SOURCE_FACTORY, useValue: FakeEventSource.factory },
        { provide: CLIENT_ID, useValue: 'tab-1' },
      ],
    });
    service = TestBed.inject(SseService);
    states = [];
    service.connectionState.subscribe((state) => states.push(state));
  });

  afterEach(() => {
    service.disconnect();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('opens one stream carrying the tab id and goes live on hello', () => {
    service.connect();
    service.connect();
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(FakeEventSource.latest.url.startsWith('/api/events/stream?')).toBe(true);
    expect(FakeEventSource.latest.params.get('clientId')).toBe('tab-1');
    expect(FakeEventSource.latest.params.has('lastEventId')).toBe(false);
    expect(service.state).toBe('reconnecting');

    FakeEventSource.latest.emit(hello(41));
    expect(service.state).toBe('live');
    expect(service.lastEventId).toBe(41);
  });

  it('routes each event by its type prefix', () => {
    const seen: string[] = [];
    service.jobTaskEvents.subscribe((e) => seen.push(`task ${e.type}`));
    service.jobDescriptionEvents.subscribe((e) => seen.push(`description ${e.type}`));
    service.jobDescriptionTaskEvents.subscribe((e) => seen.push(`association ${e.type}`));
    service.lockEvents.subscribe((e) => seen.push(`lock ${e.type}`));
    service.userPresenceEvents.subscribe((e) => seen.push(`presence ${e.type}`));
    service.connect();
    const source = FakeEventSource.latest;
    source.emit(hello(0));

    source.emit(envelope(1, 'job-task:created', task(1)));
    source.emit(envelope(2, 'job-description:permanent-deleted', { id: 4 }));
    source.emit(
      envelope(3, 'job-description-task:reordered', {
        jobDescriptionId: 4,
        jobTaskId: 1,
        jobDescription: {} as never,
      }),
    );
    source.emit(envelope(4, 'lock:acquired', { lock: lock('JobTask', 1, 'x') }));
    source.emit(
      envelope(5, 'user:joined-workspace', { jobDescriptionId: 4, user: { id: 1, displayName: 'A' }, clientId: 'x' }),
    );
    source.emit(envelope(0, 'heartbeat', { serverTime: '' }));

    expect(seen).toEqual([
      'task job-task:created',
      'description job-description:permanent-deleted',
      'association job-description-task:reordered',
      'lock lock:acquired',
      'presence user:joined-workspace',
    ]);
  });

  it('drops replayed duplicates by event id', () => {
    const seen: number[] = [];
    service.jobTaskEvents.subscribe((e) => seen.push(e.id));
    service.connect();
    const source = FakeEventSource.latest;
    source.emit(hello(10));
    source.emit(envelope(11, 'job-task:updated', task(1)));
    source.emit(envelope(11, 'job-task:updated', task(1)));
    source.emit(envelope(9, 'job-task:updated', task(1)));
    source.emit(envelope(12, 'job-task:updated', task(1)));
    expect(seen).toEqual([11, 12]);
  });

  it('reconnects with exponential backoff and passes the last seen event id', () => {
    service.connect();
    FakeEventSource.latest.emit(hello(5));
    FakeEventSource.latest.emit(envelope(6, 'job-task:created', task(1)));

    FakeEventSource.latest.fail();
    expect(FakeEventSource.latest.isClosed).toBe(true);
    expect(service.state).toBe('reconnecting');
    jest.advanceTimersByTime(BASE_DELAY - 1);
    expect(FakeEventSource.instances).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.latest.params.get('lastEventId')).toBe('6');

    FakeEventSource.latest.fail();
    jest.advanceTimersByTime(2 * BASE_DELAY - 1);
    expect(FakeEventSource.instances).toHaveLength(2);
    jest.advanceTimersByTime(1);
    expect(FakeEventSource.instances).toHaveLength(3);

    FakeEventSource.latest.fail();
    jest.advanceTimersByTime(4 * BASE_DELAY);
    expect(FakeEventSource.instances).toHaveLength(4);
  });

  it('adds jitter to the backoff', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    expect(service.backoffDelay(1)).toBe(BASE_DELAY * 0.8);
    jest.spyOn(Math, 'random').mockReturnValue(0.999999);
    expect(service.backoffDelay(2)).toBeCloseTo(2 * BASE_DELAY * 1.2, -1);
    expect(service.backoffDelay(30)).toBeLessThanOrEqual(60_000 * 1.2);
  });

  it('resets the backoff after a healthy connection', () => {
    service.connect();
    FakeEventSource.latest.fail();
    jest.advanceTimersByTime(BASE_DELAY);
    FakeEventSource.latest.fail();
    jest.advanceTimersByTime(2 * BASE_DELAY);
    FakeEventSource.latest.emit(hello(1));
    expect(service.state).toBe('live');

    FakeEventSource.latest.fail();
    const before = FakeEventSource.instances.length;
    jest.advanceTimersByTime(BASE_DELAY);
    expect(FakeEventSource.instances).toHaveLength(before + 1);
  });

  it('shows offline after several failed attempts but keeps trying', () => {
    service.connect();
    for (let attempt = 1; attempt <= FAILED_ATTEMPTS_BEFORE_OFFLINE; attempt++) {
      FakeEventSource.latest.fail();
      jest.advanceTimersByTime(60_000 * 1.2);
    }
    expect(service.state).toBe('offline');
    const count = FakeEventSource.instances.length;
    FakeEventSource.latest.fail();
    jest.advanceTimersByTime(60_000 * 1.2);
    expect(FakeEventSource.instances.length).toBe(count + 1);
    FakeEventSource.latest.emit(hello(0));
    expect(service.state).toBe('live');
  });

  it('treats a stream silent for 2.5 heartbeats as dead', () => {
    service.connect();
    const first = FakeEventSource.latest;
    first.emit(hello(0));
    jest.advanceTimersByTime(WATCHDOG_MS - 1000);
    first.emit(envelope(0, 'heartbeat', { serverTime: '' }));
    jest.advanceTimersByTime(WATCHDOG_MS - 1000);
    expect(first.isClosed).toBe(false);
    jest.advanceTimersByTime(1000);
    expect(first.isClosed).toBe(true);
    expect(service.state).toBe('reconnecting');
    jest.advanceTimersByTime(BASE_DELAY);
    expect(FakeEventSource.latest).not.toBe(first);
  });

  it('asks the stores to reload on resync and after a fresh connection, not after a replaying one', () => {
    let resyncs = 0;
    service.resync$.subscribe(() => resyncs++);
    service.connect();
    FakeEventSource.latest.emit(hello(3));
    expect(resyncs).toBe(1);

    FakeEventSource.latest.fail();
    jest.advanceTimersByTime(BASE_DELAY);
    FakeEventSource.latest.emit(hello(3));
    expect(resyncs).toBe(1);

    FakeEventSource.latest.emit(envelope(0, 'resync', { reason: 'buffer-exceeded' }));
    expect(resyncs).toBe(2);
  });

  it('adopts the server head after a resync so events of a restarted server are not dropped', () => {
    const seen: number[] = [];
    service.jobTaskEvents.subscribe((e) => seen.push(e.id));
    service.connect();
    FakeEventSource.latest.emit(hello(0));
    FakeEventSource.latest.emit(envelope(500, 'job-task:created', task(1)));
    FakeEventSource.latest.fail();
    jest.advanceTimersByTime(BASE_DELAY);
    expect(FakeEventSource.latest.params.get('lastEventId')).toBe('500');
    FakeEventSource.latest.emit(hello(2));
    FakeEventSource.latest.emit(envelope(0, 'resync', { reason: 'buffer-exceeded' }));
    FakeEventSource.latest.emit(envelope(3, 'job-task:created', task(2)));
    expect(seen).toEqual([500, 3]);
  });

  it('closes and reports session-expired without reconnecting', () => {
    let expired = 0;
    service.sessionExpired$.subscribe(() => expired++);
    service.connect();
    FakeEventSource.latest.emit(envelope(0, 'session-expired', {}));
    expect(expired).toBe(1);
    expect(FakeEventSource.latest.isClosed).toBe(true);
    expect(service.state).toBe('offline');
    jest.advanceTimersByTime(10 * 60_000);
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('reconnects after server-shutdown when the server says so', () => {
    service.connect();
    FakeEventSource.latest.emit(hello(0));
    FakeEventSource.latest.emit(envelope(0, 'server-shutdown', { retryAfterMs: 1234 }));
    expect(FakeEventSource.latest.isClosed).toBe(true);
    jest.advanceTimersByTime(1233);
    expect(FakeEventSource.instances).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it('goes offline with the browser and reconnects at once when it is back', () => {
    service.connect();
    FakeEventSource.latest.emit(hello(0));
    window.dispatchEvent(new Event('offline'));
    expect(service.state).toBe('offline');
    expect(FakeEventSource.latest.isClosed).toBe(true);
    window.dispatchEvent(new Event('online'));
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(states).toEqual(['offline', 'reconnecting', 'live', 'offline', 'reconnecting']);
  });

  it('ignores late callbacks of a replaced stream and stops on disconnect', () => {
    service.connect();
    const first = FakeEventSource.latest;
    first.fail();
    jest.advanceTimersByTime(BASE_DELAY);
    first.emit(hello(0));
    expect(service.state).toBe('reconnecting');
    service.disconnect();
    expect(FakeEventSource.latest.isClosed).toBe(true);
    jest.advanceTimersByTime(10 * 60_000);
    expect(FakeEventSource.instances).toHaveLength(2);
  });
});
