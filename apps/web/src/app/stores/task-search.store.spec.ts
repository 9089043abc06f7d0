import type { TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { JobTaskDto } from '@tdgen/contracts';
import { envelope, task } from '../../testing/fixtures';
import { setUpStoreTestBed } from '../../testing/store-test-bed';
import { NotificationService } from '../core/notification.service';
import { NO_TASK_SEARCH, TaskSearchStore, matchesSearch } from './task-search.store';

describe('TaskSearchStore (the backlog over a catalogue it cannot hold)', () => {
  let bed: ReturnType<typeof setUpStoreTestBed>;
  let store: TaskSearchStore;
  const changed = { updatedAt: '2025-03-01T00:00:00.000Z' };

  const search = (text: string) => ({ ...NO_TASK_SEARCH, text });
  const titles = () => store.snapshot.tasks.map((t) => t.title);
  const request = (match: (params: URLSearchParams) => boolean): TestRequest =>
    bed.http.expectOne((r) => r.url === '/api/job-tasks' && match(new URLSearchParams(r.params.toString())));
  const answer = (req: TestRequest, items: JobTaskDto[], total: number, nextCursor: string | null = null) =>
    req.flush({ items, total, limit: 100, offset: 0, nextCursor });

  beforeEach(() => {
    bed = setUpStoreTestBed([
      TaskSearchStore,
      { provide: NotificationService, useValue: { error: jest.fn(), info: jest.fn() } },
    ]);
    // Connected before the store exists (a hello afterwards would make it search again).
    bed.hello(10);
    store = TestBed.inject(TaskSearchStore);
  });

  afterEach(() => {
    bed.http.verify();
    jest.useRealTimers();
  });

  /** The first page of the unfiltered search: Alpha, Beta, Gamma of 300 (more follow). */
  function startWithFirstPage(): void {
    store.setSearch(NO_TASK_SEARCH, true);
    answer(
      request((p) => p.get('limit') === '100' && !p.has('q')),
      [task(1, { title: 'Alpha audit' }), task(2, { title: 'Beta budget' }), task(3, { title: 'Gamma audit' })],
      300,
      'after-gamma',
    );
  }

  it('asks the server for the first page and shows it with the total', () => {
    startWithFirstPage();
    expect(titles()).toEqual(['Alpha audit', 'Beta budget', 'Gamma audit']);
    expect(store.snapshot).toMatchObject({ total: 300, hasMore: true, isLoading: false, text: '' });
  });

  it('filters the loaded matches at once for a narrower search, then shows the server’s answer', () => {
    startWithFirstPage();
    store.setSearch(search('audit'));
    // Before the answer: the loaded matches of "audit" (the first ones of the narrower search too).
    expect(titles()).toEqual(['Alpha audit', 'Gamma audit']);
    expect(store.snapshot).toMatchObject({ total: null, isLoading: true, text: 'audit' });
    answer(
      request((p) => p.get('q') === 'audit'),
      [task(1, { title: 'Alpha audit' }), task(3, { title: 'Gamma audit' }), task(9, { title: 'Zeta audit' })],
      3,
    );
    expect(titles()).toEqual(['Alpha audit', 'Gamma audit', 'Zeta audit']);
    expect(store.snapshot).toMatchObject({ total: 3, hasMore: false, isLoading: false });
  });

  it('shows a search answered lately at once when a letter is deleted again', () => {
    startWithFirstPage();
    store.setSearch(search('audit'));
    answer(
      request((p) => p.get('q') === 'audit'),
      [task(1, { title: 'Alpha audit' })],
      1,
    );
    store.setSearch(search('audi'));
    expect(titles()).toEqual(['Alpha audit']); // narrower of nothing known: keeps what is shown
    answer(
      request((p) => p.get('q') === 'audi'),
      [task(1, { title: 'Alpha audit' }), task(5, { title: 'Audio' })],
      2,
    );
    store.setSearch(search('audit'));
    expect(titles()).toEqual(['Alpha audit']);
    expect(store.snapshot).toMatchObject({ total: 1, isLoading: true, text: 'audit' });
    answer(
      request((p) => p.get('q') === 'audit'),
      [task(1, { title: 'Alpha audit' })],
      1,
    );
  });

  it('asks the server about one- and two-letter texts only after a pause', () => {
    startWithFirstPage();
    jest.useFakeTimers();
    store.setSearch(search('a'));
    expect(titles()).toEqual(['Alpha audit', 'Beta budget', 'Gamma audit']);
    store.setSearch(search('au'));
    expect(titles()).toEqual(['Alpha audit', 'Gamma audit']);
    bed.http.expectNone(() => true);
    jest.advanceTimersByTime(300);
    answer(
      request((p) => p.get('q') === 'au'),
      [task(1, { title: 'Alpha audit' })],
      1,
    );
    expect(titles()).toEqual(['Alpha audit']);
  });

  it('loads the next page after the cursor of the last one', () => {
    startWithFirstPage();
    store.loadMore();
    answer(
      request((p) => p.get('cursor') === 'after-gamma'),
      [task(4, { title: 'Kappa' })],
      300,
      'after-kappa',
    );
    expect(titles()).toEqual(['Alpha audit', 'Beta budget', 'Gamma audit', 'Kappa']);
    expect(store.snapshot.hasMore).toBe(true);
  });

  describe('live updates with part of the catalogue loaded', () => {
    beforeEach(() => {
      startWithFirstPage();
      store.setSearch(search('audit'));
      answer(
        request((p) => p.get('q') === 'audit'),
        [task(1, { title: 'Alpha audit' }), task(3, { title: 'Gamma audit' })],
        50,
        'after-gamma-audit',
      );
    });

    it('removes a loaded task renamed out of the search and counts one less', () => {
      bed.emit(envelope(11, 'job-task:updated', task(1, { title: 'Alpha review', ...changed })));
      expect(titles()).toEqual(['Gamma audit']);
      expect(store.snapshot.total).toBe(49);
    });

    it('moves a loaded task renamed within the search to its place in title order', () => {
      bed.emit(envelope(11, 'job-task:updated', task(1, { title: 'Delta audit', ...changed })));
      expect(titles()).toEqual(['Delta audit', 'Gamma audit']);
      expect(store.snapshot.total).toBe(50);
    });

    it('inserts a new matching task in title order, and only counts one sorting after the loaded ones', () => {
      bed.emit(envelope(11, 'job-task:created', task(20, { title: 'Beta audit' })));
      expect(titles()).toEqual(['Alpha audit', 'Beta audit', 'Gamma audit']);
      expect(store.snapshot.total).toBe(51);
      // Sorts after "Gamma audit" while more matches follow: it comes with a later page.
      bed.emit(envelope(12, 'job-task:created', task(21, { title: 'Omega audit' })));
      expect(titles()).toEqual(['Alpha audit', 'Beta audit', 'Gamma audit']);
      expect(store.snapshot.total).toBe(52);
      // Not a match: nothing changes.
      bed.emit(envelope(13, 'job-task:created', task(22, { title: 'Aardvark' })));
      expect(store.snapshot.total).toBe(52);
    });

    it('drops a soft-deleted task, and shows it again when it is restored', () => {
      const deletedAt = '2025-03-02T00:00:00.000Z';
      bed.emit(envelope(11, 'job-task:deleted', task(3, { title: 'Gamma audit', deletedAt })));
      expect(titles()).toEqual(['Alpha audit']);
      expect(store.snapshot.total).toBe(49);
      bed.emit(envelope(12, 'job-task:restored', task(3, { title: 'Gamma audit' })));
      expect(titles()).toEqual(['Alpha audit', 'Gamma audit']);
      expect(store.snapshot.total).toBe(50);
    });

    it('asks the server for the total when a task this tab never held changes', async () => {
      jest.useFakeTimers();
      // Task 40 may or may not have been one of the 48 matches not loaded: only the server knows.
      bed.emit(envelope(11, 'job-task:updated', task(40, { title: 'Omega review', ...changed })));
      expect(store.snapshot.total).toBeNull();
      jest.advanceTimersByTime(250);
      const check = request((p) => p.get('q') === 'audit' && p.get('limit') === '0');
      answer(check, [], 49);
      expect(store.snapshot.total).toBe(49);
      expect(titles()).toEqual(['Alpha audit', 'Gamma audit']);
    });

    it('removes a permanently deleted task', () => {
      bed.emit(envelope(11, 'job-task:permanent-deleted', { id: 1 }));
      expect(titles()).toEqual(['Gamma audit']);
      expect(store.snapshot.total).toBe(49);
    });
  });
});

describe('matchesSearch (the server’s rule, docs/product.md § Job tasks)', () => {
  const base = task(1, {
    title: 'Process Invoices',
    text: '<p>Checks <strong>amounts</strong></p>',
    tags: ['Finance'],
    payGroup: 7,
  });
  it.each([
    [{ text: '  INVOICES ' }, true],
    [{ text: 'amounts' }, true],
    [{ text: 'strong' }, true], // the stored text, as the server searches it
    [{ text: 'fin' }, true],
    [{ text: 'payroll' }, false],
    [{ tags: ['finance'] }, true],
    [{ tags: ['finance', 'hr'] }, false],
    [{ payGroup: 7 }, true],
    [{ payGroup: 8 }, false],
  ])('%j → %s', (search, expected) => {
    expect(matchesSearch(base, { ...NO_TASK_SEARCH, ...search })).toBe(expected);
  });

  it('never matches a deleted task', () => {
    expect(matchesSearch({ ...base, deletedAt: '2025-01-02T00:00:00.000Z' }, NO_TASK_SEARCH)).toBe(false);
  });
});
