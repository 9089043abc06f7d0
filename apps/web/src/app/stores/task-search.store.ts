import { DestroyRef, Injectable, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { JobTaskDto, Page } from '@tdgen/contracts';
import { BehaviorSubject, EMPTY, Observable, Subject, catchError, debounceTime, map, switchMap } from 'rxjs';
import { NotificationService } from '../core/notification.service';
import { SseService } from '../core/sse/sse.service';
import type { EntityChange } from './entity-collection';
import { JobTasksStore } from './job-tasks.store';

/** What the backlog searches for (docs/product.md § Web app); always live tasks only. */
export interface TaskSearch {
  text: string;
  tags: readonly string[];
  payGroup: number | null;
}

export const NO_TASK_SEARCH: TaskSearch = { text: '', tags: [], payGroup: null };

/** The loaded part of one search: the first tasks in title order, and how many match in all. */
export interface TaskWindow {
  tasks: readonly JobTaskDto[];
  /** Every match on the server; null while a new search is on its way. */
  total: number | null;
  /** More matches follow the loaded ones (load them with `loadMore`). */
  hasMore: boolean;
  isLoading: boolean;
  /** The search text the shown tasks answer (trimmed): the latest one typed, once it is applied. */
  text: string;
}

const PAGE_SIZE = 100;

/** The search text as the server compares it: trimmed, lower case (docs/product.md § Job tasks). */
function needle(search: TaskSearch): string {
  return search.text.trim().toLowerCase();
}

/**
 * Whether a task is one of the search's matches — the server's rule (ListQueryDto, list-sql.ts):
 * live, the pay group, every tag (case-insensitive), and the text in the title, the stored text or
 * a tag. Used to keep the loaded window right when events arrive, without asking the server.
 */
export function matchesSearch(task: JobTaskDto, search: TaskSearch): boolean {
  if (task.deletedAt) return false;
  if (search.payGroup !== null && task.payGroup !== search.payGroup) return false;
  const tags = task.tags.map((t) => t.toLowerCase());
  if (!search.tags.every((tag) => tags.includes(tag.toLowerCase()))) return false;
  const text = needle(search);
  if (!text) return true;
  return `${task.title}\n${task.text}`.toLowerCase().includes(text) || tags.some((t) => t.includes(text));
}

/** The server's order: title key (trimmed, lower case), then id. */
export function byTitleKey(a: JobTaskDto, b: JobTaskDto): number {
  const ka = a.title.trim().toLowerCase();
  const kb = b.title.trim().toLowerCase();
  return ka < kb ? -1 : ka > kb ? 1 : a.id - b.id;
}

/** True when every match of `next` is also a match of `previous`: the loaded window can be filtered at once. */
function isNarrowing(previous: TaskSearch, next: TaskSearch): boolean {
  const sameTags =
    previous.tags.length === next.tags.length && previous.tags.every((tag, i) => tag === next.tags[i]);
  return sameTags && previous.payGroup === next.payGroup && needle(next).includes(needle(previous));
}

/**
 * The backlog's view of a catalogue too large to hold (docs/performance.md § The web app at
 * scale): the server searches and pages (keyset cursor), this store holds the first pages of the
 * current search and keeps them right as events arrive — a changed task moves, enters or leaves
 * the window by the server's own rule and order, and the total follows. Provided per backlog.
 */
@Injectable()
export class TaskSearchStore {
  private readonly tasks = inject(JobTasksStore);
  private readonly notifications = inject(NotificationService);
  private readonly sse = inject(SseService);

  private search: TaskSearch = NO_TASK_SEARCH;
  private nextCursor: string | null = null;
  private readonly state = new BehaviorSubject<TaskWindow>({
    tasks: [],
    total: null,
    hasMore: false,
    isLoading: true,
    text: '',
  });
  private readonly searches = new Subject<{ search: TaskSearch; cursor: string | null }>();
  private readonly totalChecks = new Subject<void>();

  readonly window$: Observable<TaskWindow> = this.state.asObservable();

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.searches
      .pipe(
        // A newer search (or page) cancels the one in flight: answers never arrive out of order.
        switchMap(({ search, cursor }) =>
          this.fetch(search, cursor).pipe(
            map((page) => ({ page, cursor, search })),
            catchError((error: unknown) => {
              this.state.next({ ...this.state.value, isLoading: false });
              this.notifications.error(error, 'Could not load the job tasks');
              return EMPTY;
            }),
          ),
        ),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe(({ page, cursor, search }) => this.applyPage(page, cursor !== null, search));
    this.totalChecks
      .pipe(
        debounceTime(250),
        switchMap(() => this.fetch(this.search, null, 0).pipe(catchError(() => EMPTY))),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe((page) => this.state.next({ ...this.state.value, total: page.total }));
    this.tasks.changes$.pipe(takeUntilDestroyed(destroyRef)).subscribe((change) => this.applyChange(change));
    // After a resync the replay could not say what changed: search again.
    this.sse.resync$.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => this.setSearch(this.search, true));
  }

  get snapshot(): TaskWindow {
    return this.state.value;
  }

  /**
   * Searches anew. A narrower search (more text) shows the loaded matches at once — they are the
   * first matches of the narrower search too — while the server's answer is on its way.
   */
  setSearch(search: TaskSearch, force = false): void {
    const previous = this.search;
    this.search = search;
    const current = this.state.value;
    if (!force && isNarrowing(previous, search)) {
      const tasks = current.tasks.filter((task) => matchesSearch(task, search));
      const isExact = !current.hasMore && current.total !== null;
      this.state.next({
        tasks,
        total: isExact ? tasks.length : null,
        hasMore: current.hasMore,
        isLoading: true,
        text: search.text.trim(),
      });
    } else {
      this.state.next({ ...current, isLoading: true });
    }
    this.searches.next({ search, cursor: null });
  }

  /** Loads the next page of the current search (the list scrolled near its end). */
  loadMore(): void {
    const current = this.state.value;
    if (!current.hasMore || current.isLoading || this.nextCursor === null) return;
    this.state.next({ ...current, isLoading: true });
    this.searches.next({ search: this.search, cursor: this.nextCursor });
  }

  private fetch(search: TaskSearch, cursor: string | null, limit = PAGE_SIZE): Observable<Page<JobTaskDto>> {
    const params: Record<string, string | string[]> = { limit: String(limit) };
    if (search.text.trim()) params['q'] = search.text.trim();
    if (search.tags.length) params['tags'] = [...search.tags];
    if (search.payGroup !== null) params['payGroup'] = String(search.payGroup);
    if (cursor !== null) params['cursor'] = cursor;
    return this.tasks.fetchPage(params);
  }

  private applyPage(page: Page<JobTaskDto>, isNextPage: boolean, search: TaskSearch): void {
    this.nextCursor = page.nextCursor;
    // The store may hold a newer state than the page (an event during the request).
    const fresh = page.items.map((item) => this.tasks.get(item.id) ?? item).filter((t) => matchesSearch(t, this.search));
    const tasks = isNextPage ? [...this.state.value.tasks, ...fresh.filter((t) => !this.has(t.id))] : fresh;
    this.state.next({
      tasks,
      total: page.total,
      hasMore: page.nextCursor !== null,
      isLoading: false,
      text: search.text.trim(),
    });
  }

  private has(id: number): boolean {
    return this.state.value.tasks.some((t) => t.id === id);
  }

  /** Keeps the window right after one task changed (event or this tab's own save). */
  private applyChange({ id, before, after }: EntityChange<JobTaskDto>): void {
    const current = this.state.value;
    const index = current.tasks.findIndex((t) => t.id === id);
    const wasIn = index >= 0;
    const matchedBefore = wasIn ? true : before === undefined ? undefined : matchesSearch(before, this.search);
    const matchesNow = after !== null && matchesSearch(after, this.search);
    // A task this tab never held is new when it was never changed (nor deleted) since its creation.
    const isNew = after !== null && !after.deletedAt && after.createdAt === after.updatedAt;
    if (!wasIn && !matchesNow) {
      // It may have been one of the matches not loaded yet: only the server knows the total now.
      if (matchedBefore === undefined && !isNew) this.totalChecks.next();
      if (matchedBefore && current.total !== null) this.state.next({ ...current, total: current.total - 1 });
      return;
    }

    const tasks = wasIn ? current.tasks.filter((t) => t.id !== id) : [...current.tasks];
    if (matchesNow) {
      // Placed by the server's order — unless it sorts after the last loaded task while more
      // follow: then it belongs to a page not loaded yet and comes with it.
      const last = tasks[tasks.length - 1];
      if (!current.hasMore || (last && byTitleKey(after, last) < 0)) {
        const at = tasks.findIndex((t) => byTitleKey(after, t) < 0);
        tasks.splice(at < 0 ? tasks.length : at, 0, after);
      }
    }
    let total = current.total;
    if (total !== null) {
      if (matchedBefore === undefined) {
        // A task this tab never held: a new one counts, anything else is asked of the server.
        if (isNew) total += 1;
        else this.totalChecks.next();
      } else total += Number(matchesNow) - Number(matchedBefore);
    }
    this.state.next({ ...current, tasks, total });
  }
}
