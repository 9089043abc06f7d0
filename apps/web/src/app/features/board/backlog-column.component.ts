import { CdkDrag, CdkDropList } from '@angular/cdk/drag-drop';
import { CdkFixedSizeVirtualScroll, CdkVirtualForOf, CdkVirtualScrollViewport } from '@angular/cdk/scrolling';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { JobTaskDto, LockDto } from '@tdgen/contracts';
import { PAY_GROUP_MAX, PAY_GROUP_MIN } from '@tdgen/contracts';
import { tagsInUse } from '../../shared/record-filter';
import { TaskCardComponent } from '../../shared/task-card.component';
import { TaskSearchStore } from '../../stores/task-search.store';

/** Height of one backlog row (card + gap); the virtual scroll needs rows of one size. */
export const BACKLOG_ROW_PX = 144;
/** Rows left below the rendered ones when the next page is asked for. */
const LOAD_AHEAD_ROWS = 30;

export interface BacklogDragData {
  source: 'backlog';
  taskId: number;
}

/**
 * Left column: the searchable task catalogue; cards are dragged (or added) into the workspace.
 * The server searches and pages (TaskSearchStore); only the rows in view are rendered.
 */
@Component({
  selector: 'td-backlog-column',
  imports: [
    CdkDrag,
    CdkDropList,
    CdkFixedSizeVirtualScroll,
    CdkVirtualForOf,
    CdkVirtualScrollViewport,
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    MatTooltipModule,
    TaskCardComponent,
  ],
  templateUrl: './backlog-column.component.html',
  styleUrls: ['./column.scss', './backlog-column.component.scss'],
  providers: [TaskSearchStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BacklogColumnComponent {
  private readonly search = inject(TaskSearchStore);
  private readonly viewport = viewChild(CdkVirtualScrollViewport);
  protected readonly rowPx = BACKLOG_ROW_PX;
  readonly locks = input.required<ReadonlyMap<string, LockDto>>();
  readonly myClientId = input.required<string>();
  readonly highlighted = input.required<ReadonlySet<string>>();
  /** Tasks already in the open description (cannot be added twice). */
  readonly inWorkspace = input.required<ReadonlySet<number>>();
  /** True when a task can be added to the open description now. */
  readonly canAdd = input(false);
  /** The open description has the most tasks it may have: said where "+" would be. */
  readonly isFull = input(false);
  readonly maxTasks = input(0);
  readonly add = output<number>();

  protected readonly text = signal('');
  protected readonly selectedTags = signal<string[]>([]);
  protected readonly payGroup = signal<number | null>(null);
  protected readonly payGroups = Array.from({ length: PAY_GROUP_MAX - PAY_GROUP_MIN + 1 }, (_, i) => i + PAY_GROUP_MIN);

  protected readonly window = toSignal(this.search.window$, { requireSync: true });
  protected readonly visibleTasks = computed(() => this.window().tasks);
  /** The tags of the loaded tasks, and the chosen ones. */
  protected readonly allTags = computed(() => tagsInUse([...this.visibleTasks(), { tags: this.selectedTags() }]));
  protected readonly isFiltered = computed(
    () => this.text() !== '' || this.selectedTags().length > 0 || this.payGroup() !== null,
  );

  constructor() {
    this.search.setSearch({ text: '', tags: [], payGroup: null }, true);
  }

  protected setText(text: string): void {
    this.text.set(text);
    this.searchAgain();
  }

  protected setTags(tags: string[]): void {
    this.selectedTags.set(tags);
    this.searchAgain();
  }

  protected setPayGroup(payGroup: number | null): void {
    this.payGroup.set(payGroup);
    this.searchAgain();
  }

  private searchAgain(): void {
    this.search.setSearch({ text: this.text(), tags: this.selectedTags(), payGroup: this.payGroup() });
    this.viewport()?.scrollToIndex(0);
  }

  /** Asks for the next page before the rendered rows reach the end of the loaded ones. */
  protected onScrolled(): void {
    const end = this.viewport()?.getRenderedRange().end ?? 0;
    if (end + LOAD_AHEAD_ROWS >= this.visibleTasks().length) this.search.loadMore();
  }

  protected readonly trackById = (_: number, task: JobTaskDto) => task.id;

  protected dragData(task: JobTaskDto): BacklogDragData {
    return { source: 'backlog', taskId: task.id };
  }

  protected lockOf(task: JobTaskDto): LockDto | null {
    return this.locks().get(`JobTask:${task.id}`) ?? null;
  }

  protected clearFilters(): void {
    this.text.set('');
    this.selectedTags.set([]);
    this.payGroup.set(null);
    this.searchAgain();
  }

  /**
   * Adds a task; its "+" disappears (the task is now in the description), so the focus moves on to
   * the next task's "+" — adding several in a row needs no pointer.
   */
  protected onAdd(taskId: number, event: Event): void {
    const item = (event.currentTarget as HTMLElement).closest('.backlog__item');
    this.add.emit(taskId);
    let next = item?.nextElementSibling ?? null;
    while (next && !next.querySelector('.backlog__add')) next = next.nextElementSibling;
    (next?.querySelector('.backlog__add') as HTMLElement | null)?.focus();
  }

  /** The backlog is only a source: nothing can be dropped into it. */
  protected readonly noDropIn = () => false;
}
