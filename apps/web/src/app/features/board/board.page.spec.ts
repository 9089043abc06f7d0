import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { firstValueFrom } from 'rxjs';
import { description, envelope, lock, task } from '../../../testing/fixtures';
import { MY_CLIENT_ID, setUpStoreTestBed } from '../../../testing/store-test-bed';
import { eventually } from '../../../testing/wait';
import { NotificationService } from '../../core/notification.service';
import { CurrentWorkspaceStore } from '../../stores/current-workspace.store';
import { BoardPage, SHARE_SAVE_DEBOUNCE_MS, workspaceEntries } from './board.page';

describe('BoardPage', () => {
  const filing = task(1, { title: 'Filing' });
  const phone = task(2, { title: 'Phone' });
  const mail = task(3, { title: 'Mail', payGroup: 6, tags: ['post'] });
  let bed: ReturnType<typeof setUpStoreTestBed>;

  async function render(options: { isOpen: boolean; isMine: boolean }) {
    bed = setUpStoreTestBed([
      { provide: NotificationService, useValue: { info: jest.fn(), error: jest.fn(), important: jest.fn() } },
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
      .flush({ items: [filing, phone, mail], total: 3, limit: 500, offset: 0 });
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
});
