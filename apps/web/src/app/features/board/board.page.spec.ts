import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { firstValueFrom } from 'rxjs';
import { description, envelope, lock, task } from '../../../testing/fixtures';
import { MY_CLIENT_ID, setUpStoreTestBed } from '../../../testing/store-test-bed';
import { eventually } from '../../../testing/wait';
import { NotificationService } from '../../core/notification.service';
import { CurrentWorkspaceStore } from '../../stores/current-workspace.store';
import { SHARE_SAVE_DEBOUNCE_MS } from '../../flows/workspace/workspace-edits.service';
import { BoardPage, workspaceEntries } from './board.page';

describe('BoardPage', () => {
  const filing = task(1, { title: 'Filing' });
  const phone = task(2, { title: 'Phone' });
  const mail = task(3, { title: 'Mail', payGroup: 6, tags: ['post'] });
  let bed: ReturnType<typeof setUpStoreTestBed>;
  let notifications: Record<'info' | 'error' | 'important' | 'withUndo', jest.Mock>;

  async function render(options: { isOpen: boolean; isMine: boolean }) {
    notifications = { info: jest.fn(), error: jest.fn(), important: jest.fn(), withUndo: jest.fn() };
    bed = setUpStoreTestBed([
      { provide: NotificationService, useValue: notifications },
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    ]);
    bed.hello(10);
    if (options.isOpen) {
      const opening = firstValueFrom(TestBed.inject(CurrentWorkspaceStore).open(4));
      bed.http.expectOne('/api/job-descriptions/4').flush(
        description(4, [
          { task: filing, percentage: 60 },
          { task: phone, percentage: 40 },
        ]),
      );
      await opening;
      bed.http.expectOne('/api/events/presence').flush(null);
      bed.emit(
        envelope(11, 'lock:acquired', { lock: lock('JobDescription', 4, options.isMine ? MY_CLIENT_ID : 'bobs-tab') }),
      );
    }
    const fixture = TestBed.createComponent(BoardPage);
    await fixture.whenStable();
    bed.http
      .expectOne((r) => r.url === '/api/job-tasks')
      .flush({ items: [filing, phone, mail], total: 3, limit: 100, offset: 0, nextCursor: null });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    return {
      fixture,
      element,
      query: (testId: string) => element.querySelector<HTMLElement>(`[data-testid="${testId}"]`),
    };
  }

  afterEach(() => bed.http.verify());

  it('shows the empty state when no description is open', async () => {
    const { query } = await render({ isOpen: false, isMine: false });
    expect(query('workspace-no-description')?.textContent).toContain('No job description is open.');
    expect(query('share-bar')).toBeNull();
  });

  it('lists the open description in order with shares and marks used backlog tasks', async () => {
    const { element, query } = await render({ isOpen: true, isMine: true });
    const titles = [...element.querySelectorAll('[data-testid="workspace-list"] [data-testid="task-card-title"]')];
    expect(titles.map((t) => t.textContent?.trim())).toEqual(['Filing', 'Phone']);
    expect(query('workspace-count')?.textContent).toContain('2 / 10');
    expect(query('backlog-add-1')).toBeNull();
    expect(query('backlog-add-3')).not.toBeNull();
  });

  it('adds a backlog task with the keyboard-reachable + button', async () => {
    const { query } = await render({ isOpen: true, isMine: true });
    query('backlog-add-3')!.click();
    const request = bed.http.expectOne('/api/job-description-tasks');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ jobDescriptionId: 4, jobTaskId: 3 });
    request.flush(description(4));
  });

  it('saves shares changed with the keyboard once the user pauses', async () => {
    const { query, fixture } = await render({ isOpen: true, isMine: true });
    jest.useFakeTimers();
    const divider = query('share-divider-0')!;
    divider.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    fixture.detectChanges();
    divider.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    fixture.detectChanges();
    bed.http.expectNone('/api/job-descriptions/4/percentages');
    jest.advanceTimersByTime(SHARE_SAVE_DEBOUNCE_MS);
    jest.useRealTimers();
    const request = await eventually(() => bed.http.expectOne('/api/job-descriptions/4/percentages'));
    expect(request.request.body).toEqual({
      percentages: [
        { jobTaskId: 1, percentage: 70 },
        { jobTaskId: 2, percentage: 30 },
      ],
    });
    request.flush(
      description(
        4,
        [
          { task: filing, percentage: 70 },
          { task: phone, percentage: 30 },
        ],
        { updatedAt: '2025-06-01' },
      ),
    );
  });

  it('sends quick share changes as one request with the last state, and offers to undo it', async () => {
    const { query, fixture } = await render({ isOpen: true, isMine: true });
    jest.useFakeTimers();
    const divider = query('share-divider-0')!;
    for (let i = 0; i < 3; i++) divider.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    fixture.detectChanges();
    jest.advanceTimersByTime(SHARE_SAVE_DEBOUNCE_MS);
    jest.useRealTimers();
    const request = await eventually(() => bed.http.expectOne('/api/job-descriptions/4/percentages'));
    expect(request.request.body.percentages.map((p: { percentage: number }) => p.percentage)).toEqual([45, 55]);
    request.flush(
      description(
        4,
        [
          { task: filing, percentage: 45 },
          { task: phone, percentage: 55 },
        ],
        { updatedAt: '2025-06-01' },
      ),
    );
    expect(notifications.withUndo).toHaveBeenCalledWith('Shares saved.', expect.any(Function));
    notifications.withUndo.mock.calls[0][1]();
    const undo = bed.http.expectOne('/api/job-descriptions/4/percentages');
    expect(undo.request.body.percentages.map((p: { percentage: number }) => p.percentage)).toEqual([60, 40]);
    undo.flush(
      description(4, [
        { task: filing, percentage: 60 },
        { task: phone, percentage: 40 },
      ]),
    );
  });

  it('removes a task and puts it back where it was, with the old shares, on Undo', async () => {
    const { fixture } = await render({ isOpen: true, isMine: true });
    (fixture.componentInstance as unknown as { onRemoved(id: number): void }).onRemoved(1);
    bed.http
      .expectOne({ method: 'DELETE', url: '/api/job-description-tasks/4/1' })
      .flush(description(4, [{ task: phone, percentage: 100 }], { updatedAt: '2025-06-02' }));
    expect(notifications.withUndo).toHaveBeenCalledWith('Removed "Filing" from the description.', expect.any(Function));
    notifications.withUndo.mock.calls[0][1]();
    const add = bed.http.expectOne('/api/job-description-tasks');
    expect(add.request.body).toEqual({ jobDescriptionId: 4, jobTaskId: 1, index: 0 });
    add.flush(
      description(
        4,
        [
          { task: filing, percentage: 50 },
          { task: phone, percentage: 50 },
        ],
        { updatedAt: '2025-06-03' },
      ),
    );
    const shares = bed.http.expectOne('/api/job-descriptions/4/percentages');
    expect(shares.request.body).toEqual({
      percentages: [
        { jobTaskId: 1, percentage: 60 },
        { jobTaskId: 2, percentage: 40 },
      ],
    });
    shares.flush(
      description(
        4,
        [
          { task: filing, percentage: 60 },
          { task: phone, percentage: 40 },
        ],
        { updatedAt: '2025-06-04' },
      ),
    );
  });

  it('is read-only without the lock and names the holder', async () => {
    const { query } = await render({ isOpen: true, isMine: false });
    expect(query('workspace-read-only')?.textContent).toContain('Alice Example is editing');
    expect(query('backlog-add-3')).toBeNull();
    expect(query('share-divider-0')?.getAttribute('tabindex')).toBe('-1');
  });

  it('shows the catalogue copy of a task so renames appear in the workspace at once', () => {
    const open = description(4, [{ task: filing, percentage: 100 }]);
    const renamed = { ...filing, title: 'Filing and archiving' };
    expect(workspaceEntries(open, new Map([[1, renamed]]))[0].task.title).toBe('Filing and archiving');
  });

  it('shows the description’s copy of a task when it is newer than the catalogue’s (e.g. after a resync)', () => {
    const renamed = { ...filing, title: 'Filing and archiving', updatedAt: '2025-06-01T00:00:00.000Z' };
    const open = description(4, [{ task: renamed, percentage: 100 }]);
    expect(workspaceEntries(open, new Map([[1, filing]]))[0].task.title).toBe('Filing and archiving');
  });

  it('searches the picker’s descriptions on the server as the user types', async () => {
    const { fixture, query } = await render({ isOpen: false, isMine: false });
    const input = query('description-picker') as HTMLInputElement;
    input.dispatchEvent(new Event('focus'));
    input.value = 'clerk';
    input.dispatchEvent(new Event('input'));
    const search = await eventually(() =>
      bed.http.expectOne((r) => r.url === '/api/job-descriptions' && r.params.get('q') === 'clerk'),
    );
    expect(search.request.params.get('limit')).toBe('30');
    // Recently opened descriptions (this test bed remembers 4) are fetched once, to be offered first.
    for (const recent of bed.http.match('/api/job-descriptions/4'))
      recent.flush(description(4, [], { title: 'Archivist' }));
    search.flush({ items: [description(7, [], { title: 'Clerk' })], total: 1, limit: 30, offset: 0, nextCursor: null });
    const offered = (fixture.componentInstance as unknown as { pickerDescriptions: () => { title: string }[] })
      .pickerDescriptions()
      .map((d) => d.title);
    expect(offered).toEqual(expect.arrayContaining(['Clerk']));
  });
});
