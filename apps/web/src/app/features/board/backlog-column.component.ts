import { CdkDrag, CdkDropList } from '@angular/cdk/drag-drop';
import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { JobTaskDto, LockDto } from '@tdgen/contracts';
import { PAY_GROUP_MAX, PAY_GROUP_MIN } from '@tdgen/contracts';
import { EMPTY_FILTER, matchesFilter, tagsInUse } from '../../shared/record-filter';
import { TaskCardComponent } from '../../shared/task-card.component';

export interface BacklogDragData {
  source: 'backlog';
  taskId: number;
}

/** Left column: the searchable task catalogue; cards are dragged (or added) into the workspace. */
@Component({
  selector: 'td-backlog-column',
  imports: [
    CdkDrag,
    CdkDropList,
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
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BacklogColumnComponent {
  protected addLabel(title: string): string {
    return $localize`Add ${title}:title: to the description`;
  }

  readonly tasks = input.required<readonly JobTaskDto[]>();
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

  protected readonly liveTasks = computed(() => this.tasks().filter((t) => !t.deletedAt));
  protected readonly allTags = computed(() => tagsInUse(this.liveTasks()));
  protected readonly visibleTasks = computed(() => {
    const filter = { ...EMPTY_FILTER, text: this.text(), tags: this.selectedTags(), payGroup: this.payGroup() };
    return this.liveTasks().filter((task) => matchesFilter(task, filter));
  });
  protected readonly isFiltered = computed(
    () => this.text() !== '' || this.selectedTags().length > 0 || this.payGroup() !== null,
  );

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
