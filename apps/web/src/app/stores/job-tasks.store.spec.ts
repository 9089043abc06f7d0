import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { envelope, task } from '../../testing/fixtures';
import { MY_CLIENT_ID, setUpStoreTestBed } from '../../testing/store-test-bed';
import { CardStore, HIGHLIGHT_MS } from './card.store';
import { JobTasksStore } from './job-tasks.store';

describe('JobTasksStore', () => {
  let bed: ReturnType<typeof setUpStoreTestBed>;
  let store: JobTasksStore;
  let cards: CardStore;

  const titles = async () => (await firstValueFrom(store.tasks$)).map((t) => t.title);

  function loadWith(...tasks: ReturnType<typeof task>[]): void {
    store.load();
    bed.http
      .expectOne((r) => r.url === '/api/job-tasks' && r.params.get('includeDeleted') === 'true')
      .flush({ items: tasks, total: tasks.length, limit: 500, offset: 0, nextCursor: null });
  }

  beforeEach(() => {
    jest.useFakeTimers();
    bed = setUpStoreTestBed();
    store = TestBed.inject(JobTasksStore);
    cards = TestBed.inject(CardStore);
    bed.hello(10);
  });

  afterEach(() => {
    bed.http.verify();
    jest.useRealTimers();
  });

  it('loads every page of the catalogue, each after the previous one’s cursor, sorted by title', async () => {
    store.load();
    bed.http
      .expectOne((r) => r.url === '/api/job-tasks' && !r.params.has('cursor') && !r.params.has('offset'))
      .flush({ items: [task(2, { title: 'beta' })], total: 2, limit: 1, offset: 0, nextCursor: 'c1' });
    bed.http
      .expectOne((r) => r.params.get('cursor') === 'c1')
      .flush({ items: [task(1, { title: 'Alpha' })], total: 2, limit: 1, offset: 0, nextCursor: null });
    expect(await titles()).toEqual(['Alpha', 'beta']);
  });

  it('applies created, updated, deleted, restored and permanent-deleted events', async () => {
    loadWith(task(1, { title: 'A' }));
    bed.emit(envelope(11, 'job-task:created', task(2, { title: 'B' })));
    expect(await titles()).toEqual(['A', 'B']);

    bed.emit(envelope(12, 'job-task:updated', task(2, { title: 'B2', updatedAt: '2025-02-01T00:00:00.000Z' })));
    expect(store.get(2)?.title).toBe('B2');

    bed.emit(envelope(13, 'job-task:deleted', task(2, { title: 'B2', deletedAt: '2025-02-02T00:00:00.000Z' })));
    expect(store.get(2)?.deletedAt).toBe('2025-02-02T00:00:00.000Z');

    bed.emit(envelope(14, 'job-task:restored', task(2, { title: 'B2', deletedAt: null })));
    expect(store.get(2)?.deletedAt).toBeNull();

    bed.emit(envelope(15, 'job-task:permanent-deleted', { id: 2 }));
    expect(await titles()).toEqual(['A']);
  });

  it('ignores duplicates and out-of-order events for the same task', () => {
    loadWith(task(1));
    store.applyEvent(envelope(20, 'job-task:updated', task(1, { title: 'new' })));
    store.applyEvent(envelope(20, 'job-task:updated', task(1, { title: 'dup' })));
    store.applyEvent(envelope(19, 'job-task:updated', task(1, { title: 'old' })));
    expect(store.get(1)?.title).toBe('new');
  });

  it('highlights a remotely changed task for about two seconds', () => {
    loadWith(task(1));
    bed.emit(envelope(11, 'job-task:updated', task(1, { title: 'remote', updatedAt: '2025-03-01T00:00:00.000Z' })));
    expect(cards.isHighlighted('task:1')).toBe(true);
    jest.advanceTimersByTime(HIGHLIGHT_MS);
    expect(cards.isHighlighted('task:1')).toBe(false);
  });

  it('skips its own echo after applying the REST response, without highlighting', async () => {
    loadWith(task(1));
    const saved = task(1, { title: 'mine', updatedAt: '2025-03-01T00:00:00.000Z' });
    const result = firstValueFrom(store.update(1, { title: 'mine' }));
    const request = bed.http.expectOne('/api/job-tasks/1');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.headers.get('x-client-id')).toBe(MY_CLIENT_ID);
    request.flush(saved);
    await result;

    bed.emit(envelope(11, 'job-task:updated', { ...saved }, MY_CLIENT_ID));
    expect(store.get(1)).toBe(saved);
    expect(cards.isHighlighted('task:1')).toBe(false);
  });

  it('reloads on resync', () => {
    loadWith(task(1));
    bed.emit(envelope(0, 'resync', { reason: 'buffer-exceeded' }, null, null));
    bed.http
      .expectOne((r) => r.url === '/api/job-tasks')
      .flush({ items: [], total: 0, limit: 500, offset: 0, nextCursor: null });
    expect(store.get(1)).toBeUndefined();
  });

  it('does not load before anyone asked for tasks, even on resync', () => {
    bed.emit(envelope(0, 'resync', { reason: 'buffer-exceeded' }, null, null));
    bed.http.expectNone('/api/job-tasks');
  });

  it('applies soft delete, restore and permanent delete responses locally', async () => {
    loadWith(task(1));
    const deleting = firstValueFrom(store.softDelete(1));
    bed.http.expectOne({ method: 'DELETE', url: '/api/job-tasks/1' }).flush(task(1, { deletedAt: '2025-04-01' }));
    await deleting;
    expect(store.get(1)?.deletedAt).toBe('2025-04-01');

    const restoring = firstValueFrom(store.restore(1));
    bed.http.expectOne({ method: 'POST', url: '/api/job-tasks/1/restore' }).flush(task(1));
    await restoring;
    expect(store.get(1)?.deletedAt).toBeNull();

    const purging = firstValueFrom(store.permanentlyDelete(1));
    bed.http
      .expectOne({ method: 'DELETE', url: '/api/job-tasks/1/permanent' })
      .flush(null, { status: 204, statusText: 'No Content' });
    await purging;
    expect(store.get(1)).toBeUndefined();
  });
});
