import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { apiError, description, envelope, task } from '../../testing/fixtures';
import { MY_CLIENT_ID, setUpStoreTestBed } from '../../testing/store-test-bed';
import { CardStore } from './card.store';
import { JobDescriptionsStore } from './job-descriptions.store';

describe('JobDescriptionsStore', () => {
  let bed: ReturnType<typeof setUpStoreTestBed>;
  let store: JobDescriptionsStore;
  let cards: CardStore;
  const t1 = task(1);
  const t2 = task(2);

  function loadWith(...items: ReturnType<typeof description>[]): void {
    store.load();
    bed.http
      .expectOne((r) => r.url === '/api/job-descriptions')
      .flush({ items, total: items.length, limit: 500, offset: 0, nextCursor: null });
  }

  beforeEach(() => {
    jest.useFakeTimers();
    bed = setUpStoreTestBed();
    store = TestBed.inject(JobDescriptionsStore);
    cards = TestBed.inject(CardStore);
    bed.hello(100);
  });

  afterEach(() => {
    bed.http.verify();
    jest.useRealTimers();
  });

  it('applies description lifecycle events', async () => {
    loadWith(description(1));
    bed.emit(envelope(101, 'job-description:created', description(2, [], { title: 'Second' })));
    bed.emit(
      envelope(102, 'job-description:updated', description(1, [], { title: 'Renamed', updatedAt: '2025-05-01' })),
    );
    bed.emit(
      envelope(103, 'job-description:deleted', description(2, [], { title: 'Second', deletedAt: '2025-05-02' })),
    );
    expect((await firstValueFrom(store.descriptions$)).map((d) => [d.title, d.deletedAt])).toEqual([
      ['Renamed', null],
      ['Second', '2025-05-02'],
    ]);
    bed.emit(envelope(104, 'job-description:restored', description(2, [], { title: 'Second', deletedAt: null })));
    expect(store.get(2)?.deletedAt).toBeNull();
    bed.emit(envelope(105, 'job-description:permanent-deleted', { id: 2 }));
    expect(store.get(2)).toBeUndefined();
    expect(cards.isHighlighted('description:1')).toBe(true);
  });

  it('updates the whole task list from association events without a refetch', () => {
    loadWith(description(1, [{ task: t1, percentage: 100 }]));
    const after = description(1, [
      { task: t1, percentage: 50 },
      { task: t2, percentage: 50 },
    ]);
    bed.emit(
      envelope(101, 'job-description-task:created', { jobDescriptionId: 1, jobTaskId: 2, jobDescription: after }),
    );
    expect(store.get(1)?.tasks.map((t) => [t.jobTaskId, t.percentage])).toEqual([
      [1, 50],
      [2, 50],
    ]);
    bed.http.expectNone(() => true);
  });

  it('ignores an association event older than the description event already applied', () => {
    loadWith(description(1));
    store.applyDescriptionEvent(envelope(110, 'job-description:updated', description(1, [], { title: 'new' })));
    store.applyAssociationChanged(
      envelope(109, 'job-description-task:deleted', {
        jobDescriptionId: 1,
        jobTaskId: 2,
        jobDescription: description(1, [], { title: 'old' }),
      }),
    );
    expect(store.get(1)?.title).toBe('new');
  });

  it('moves a task optimistically and rolls back when the server refuses', async () => {
    const before = description(1, [
      { task: t1, percentage: 50 },
      { task: t2, percentage: 50 },
    ]);
    loadWith(before);
    const moving = firstValueFrom(store.moveTask(1, 2, 0));
    expect(store.get(1)?.tasks.map((t) => t.jobTaskId)).toEqual([2, 1]);
    const request = bed.http.expectOne('/api/job-description-tasks/1/2');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ index: 0 });
    expect(request.request.headers.get('x-client-id')).toBe(MY_CLIENT_ID);
    request.flush(apiError('LOCK_REQUIRED', { record: { entityType: 'JobDescription', id: 1 } }), {
      status: 428,
      statusText: 'x',
    });
    await expect(moving).rejects.toBeTruthy();
    expect(store.get(1)?.tasks.map((t) => t.jobTaskId)).toEqual([1, 2]);
  });

  it('saves shares and keeps the returned description', async () => {
    loadWith(
      description(1, [
        { task: t1, percentage: 50 },
        { task: t2, percentage: 50 },
      ]),
    );
    const saving = firstValueFrom(
      store.setPercentages(1, {
        percentages: [
          { jobTaskId: 1, percentage: 30 },
          { jobTaskId: 2, percentage: 70 },
        ],
      }),
    );
    bed.http.expectOne({ method: 'PATCH', url: '/api/job-descriptions/1/percentages' }).flush(
      description(
        1,
        [
          { task: t1, percentage: 30 },
          { task: t2, percentage: 70 },
        ],
        { updatedAt: '2025-06-01' },
      ),
    );
    await saving;
    expect(store.get(1)?.tasks.map((t) => t.percentage)).toEqual([30, 70]);
  });
});
