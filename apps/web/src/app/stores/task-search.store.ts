import { DestroyRef, Injectable, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { JobTaskDto, Page } from '@tdgen/contracts';
import { BehaviorSubject, EMPTY, Observable, Subject, catchError, debounceTime, map, switchMap, timer } from 'rxjs';
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
/** Searches answered lately, kept (and kept current by events) so deleting a letter shows its list at once. */
const RECENT_SEARCHES = 12;
/**
 * Texts this short match most of the catalogue and no trigram index helps the server: while they
 * are typed the loaded matches are filtered at once, and the server is asked only after a pause.
 */
const SHORT_TEXT = 3;
const SHORT_TEXT_PAUSE_MS = 300;

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

function searchKey(search: TaskSearch): string {
  return JSON.stringify([needle(search), search.tags.map((t) => t.toLowerCase()), search.payGroup]);
}

/** The loaded part of one search, as held for it. */
interface Loaded {
  tasks: readonly JobTaskDto[];
  total: number | null;
  hasMore: boolean;
  nextCursor: string | null;
  /** The last task the server sent while more follow: the loaded range ends there in title order. */
  boundary: JobTaskDto | null;
}

/**
 * `loaded` after one task changed: it moves, enters or leaves by the server's rule and order, and
 * the total follows. `isTotalUnknown` when the change concerns a task this tab never held whose
 * earlier state (match or not) only the server knows.
 */
export function afterChange(
  loaded: Loaded,
  search: TaskSearch,
  { id, before, after }: EntityChange<JobTaskDto>,
): { loaded: Loaded; isTotalUnknown: boolean } {
  const wasIn = loaded.tasks.some((t) => t.id === id);
  // With every match loaded, a task outside the window was no match; otherwise its earlier state
  // tells, when this tab held it.
  const matchedBefore = wasIn
    ? true
    : !loaded.hasMore
      ? false
      : before === undefined
        ? undefined
        : matchesSearch(before, search);
  const matchesNow = after !== null && matchesSearch(after, search);
  // A task this tab never held is new when it was never changed (nor deleted) since its creation.
  const isNew = after !== null && !after.deletedAt && after.createdAt === after.updatedAt;
  if (!wasIn && !matchesNow && matchedBefore === false) return { loaded, isTotalUnknown: false };
  const tasks = loaded.tasks.filter((t) => t.id !== id);
  if (matchesNow) {
    // Placed by the server's order — unless it sorts after the loaded range while more follow:
    // then it belongs to a page not loaded yet and comes with it.
    if (!loaded.hasMore || (loaded.boundary && byTitleKey(after, loaded.boundary) <= 0)) {
      const at = tasks.findIndex((t) => byTitleKey(after, t) < 0);
      tasks.splice(at < 0 ? tasks.length : at, 0, after);
    }
  }
  let total = loaded.total;
  let isTotalUnknown = false;
  if (matchedBefore === undefined) {
    if (matchesNow && isNew && total !== null) total += 1;
    else if (!(isNew && !matchesNow)) isTotalUnknown = true;
  } else if (total !== null) total += Number(matchesNow) - Number(matchedBefore);
  return { loaded: { ...loaded, tasks, total: isTotalUnknown ? null : total }, isTotalUnknown };
}

/** True when every match of `next` is also a match of `previous`: the loaded window can be filtered at once. */
function isNarrowing(previous: TaskSearch, next: TaskSearch): boolean {
  const sameTags = previous.tags.length === next.tags.length && previous.tags.every((tag, i) => tag === next.tags[i]);
  return sameTags && previous.payGroup === next.payGroup && needle(next).includes(needle(previous));
}

/**
 * The backlog's view of a catalogue too large to hold (docs/performance.md § The web app at
 * scale): the server searches and pages (keyset cursor); this store holds the first pages of the
 * current search — and of the last few, for going back — and keeps them right as events arrive
 * (`afterChange`). Every keystroke shows a list at once when it can: a narrower search filters the
 * loaded matches (they are the first matches of the narrower one too), a recent search shows what
 * it had; the server's answer follows. Provided per backlog.
 */
@Injectable()
export class TaskSearchStore {
  private readonly tasks = inject(JobTasksStore);
  private readonly notifications = inject(NotificationService);
  private readonly sse = inject(SseService);

  private search: TaskSearch = NO_TASK_SEARCH;
  private loaded: Loaded = { tasks: [], total: null, hasMore: false, nextCursor: null, boundary: null };
  private readonly recent = new Map<string, { search: TaskSearch; loaded: Loaded }>();
  private isLoading = true;
  /** The search text the shown tasks answer. */
  private shownText = '';
  private readonly state = new BehaviorSubject<TaskWindow>(this.view());
  private readonly searches = new Subject<{ search: TaskSearch; cursor: string | null }>();
  private readonly totalChecks = new Subject<void>();

  readonly window$: Observable<TaskWindow> = this.state.asObservable();

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.searches
      .pipe(
        // A newer search (or page) cancels the one in flight: answers never arrive out of order.
        switchMap(({ search, cursor }) => {
          const text = needle(search);
          const pause = cursor === null && text.length > 0 && text.length < SHORT_TEXT ? SHORT_TEXT_PAUSE_MS : 0;
          const request = pause
            ? timer(pause).pipe(switchMap(() => this.fetch(search, cursor)))
            : this.fetch(search, cursor);
          return request.pipe(
            map((page) => ({ page, cursor, search })),
            catchError((error: unknown) => {
              this.isLoading = false;
              this.publish();
              this.notifications.error(error, 'Could not load the job tasks');
              return EMPTY;
            }),
          );
        }),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe(({ page, cursor, search }) => this.applyPage(page, cursor !== null, search));
    this.totalChecks
      .pipe(
        debounceTime(250),
        switchMap(() => {
          const search = this.search;
          return this.fetch(search, null, 0).pipe(
            map((page) => ({ page, search })),
            catchError(() => EMPTY),
          );
        }),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe(({ page, search }) => {
        if (search !== this.search) return;
        this.loaded = { ...this.loaded, total: page.total };
        this.remember();
        this.publish();
      });
    this.tasks.changes$.pipe(takeUntilDestroyed(destroyRef)).subscribe((change) => this.applyChange(change));
    // After a resync the replay could not say what changed: forget what is held and search again.
    this.sse.resync$.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => {
      this.recent.clear();
      this.setSearch(this.search, true);
    });
  }

  get snapshot(): TaskWindow {
    return this.state.value;
  }

  /** Searches anew; the list changes at once where it can (see the class), the server's answer follows. */
  setSearch(search: TaskSearch, force = false): void {
    const previous = this.search;
    this.search = search;
    const remembered = force ? undefined : this.recent.get(searchKey(search));
    if (remembered) {
      this.loaded = remembered.loaded;
      this.shownText = search.text.trim();
    } else if (!force && isNarrowing(previous, search)) {
      const tasks = this.loaded.tasks.filter((task) => matchesSearch(task, search));
      const isExact = !this.loaded.hasMore && this.loaded.total !== null;
      // The cursor of the wider search does not continue the narrower one: more come with the answer.
      this.loaded = { ...this.loaded, tasks, total: isExact ? tasks.length : null, nextCursor: null };
      this.shownText = search.text.trim();
      // Kept too: deleting back to this text shows it at once even if its answer never came.
      this.remember();
    }
    this.isLoading = true;
    this.publish();
    this.searches.next({ search, cursor: null });
  }

  /** Loads the next page of the current search (the list scrolled near its end). */
  loadMore(): void {
    if (!this.loaded.hasMore || this.isLoading || this.loaded.nextCursor === null) return;
    this.isLoading = true;
    this.publish();
    this.searches.next({ search: this.search, cursor: this.loaded.nextCursor });
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
    // The store may hold a newer state than the page (an event during the request): that state
    // decides; otherwise the server's answer does.
    const fresh = page.items.flatMap((item) => {
      const held = this.tasks.get(item.id) ?? item;
      return held === item || matchesSearch(held, search) ? [held] : [];
    });
    const kept = isNextPage ? this.loaded.tasks : [];
    const ids = new Set(kept.map((t) => t.id));
    this.loaded = {
      tasks: [...kept, ...fresh.filter((t) => !ids.has(t.id))],
      total: page.total,
      hasMore: page.nextCursor !== null,
      nextCursor: page.nextCursor,
      boundary: page.nextCursor === null ? null : (page.items[page.items.length - 1] ?? null),
    };
    this.isLoading = false;
    this.shownText = search.text.trim();
    this.remember();
    this.publish();
  }

  /** Keeps the current search's window right, and those remembered, after one task changed. */
  private applyChange(change: EntityChange<JobTaskDto>): void {
    const { loaded, isTotalUnknown } = afterChange(this.loaded, this.search, change);
    this.loaded = loaded;
    if (isTotalUnknown) this.totalChecks.next();
    for (const [key, entry] of this.recent) {
      if (key !== searchKey(this.search)) {
        this.recent.set(key, { ...entry, loaded: afterChange(entry.loaded, entry.search, change).loaded });
      }
    }
    this.remember();
    this.publish();
  }

  private remember(): void {
    const key = searchKey(this.search);
    this.recent.delete(key);
    this.recent.set(key, { search: this.search, loaded: this.loaded });
    while (this.recent.size > RECENT_SEARCHES) this.recent.delete(this.recent.keys().next().value as string);
  }

  private view(): TaskWindow {
    const { tasks, total, hasMore } = this.loaded;
    return { tasks, total, hasMore, isLoading: this.isLoading, text: this.shownText };
  }

  private publish(): void {
    this.state.next(this.view());
  }
}
