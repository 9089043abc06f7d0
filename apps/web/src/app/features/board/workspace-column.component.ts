import { CdkDrag, CdkDragDrop, CdkDropList } from '@angular/cdk/drag-drop';
import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import type { JobDescriptionDto, JobTaskDto, LockDto } from '@tdgen/contracts';
import { TaskCardComponent } from '../../shared/task-card.component';
import { documentRoute } from '../../shared/documents/document-links';
import { BacklogDragData } from './backlog-column.component';

/** One row of the workspace: the association plus the freshest copy of its task. */
export interface WorkspaceEntry {
  jobTaskId: number;
  order: number;
  percentage: number;
  task: JobTaskDto;
}

interface WorkspaceDragData {
  source: 'workspace';
  taskId: number;
}

export interface TaskDropped {
  taskId: number;
  index: number;
}

/** Middle column: the open description's tasks in order (docs/product.md § Web app). */
@Component({
  selector: 'td-workspace-column',
  imports: [
    CdkDrag,
    CdkDropList,
    MatButtonModule,
    MatIconModule,
    MatMenuModule,
    MatTooltipModule,
    RouterLink,
    TaskCardComponent,
  ],
  templateUrl: './workspace-column.component.html',
  styleUrls: ['./column.scss', './workspace-column.component.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WorkspaceColumnComponent {
  protected actionsLabel(title: string): string {
    return $localize`Actions for ${title}:title:`;
  }

  protected readonly documentRoute = documentRoute;
  readonly description = input.required<JobDescriptionDto | null>();
  readonly entries = input.required<readonly WorkspaceEntry[]>();
  readonly canEdit = input.required<boolean>();
  /** This tab holds the description's lock (it may still be unable to change it: see pausedReason). */
  readonly holdsLock = input(false);
  /** Why changes are paused (no live connection); null while they are possible. */
  readonly pausedReason = input<string | null>(null);
  readonly maxTasks = input.required<number>();
  readonly locks = input.required<ReadonlyMap<string, LockDto>>();
  readonly myClientId = input.required<string>();
  /** The signed-in user: a lock of theirs held by another tab is named as such. */
  readonly myUserId = input<number | null>(null);
  readonly highlighted = input.required<ReadonlySet<string>>();
  readonly descriptionLock = input<LockDto | null>(null);

  readonly added = output<TaskDropped>();
  readonly moved = output<TaskDropped>();
  readonly removed = output<number>();
  readonly edited = output<number>();
  readonly requestEdit = output<void>();
  readonly openDescriptions = output<void>();
  readonly createDescription = output<void>();

  /** Only tasks from the backlog that are not in the description yet, while editable and not full. */
  protected readonly canEnter = (drag: CdkDrag<BacklogDragData | WorkspaceDragData>): boolean => {
    const data = drag.data;
    if (!this.canEdit()) return false;
    if (data.source === 'workspace') return true;
    return this.entries().length < this.maxTasks() && !this.entries().some((e) => e.jobTaskId === data.taskId);
  };

  protected dragData(entry: WorkspaceEntry): WorkspaceDragData {
    return { source: 'workspace', taskId: entry.jobTaskId };
  }

  protected lockOf(entry: WorkspaceEntry): LockDto | null {
    return this.locks().get(`JobTask:${entry.jobTaskId}`) ?? null;
  }

  protected onDrop(event: CdkDragDrop<unknown, unknown, BacklogDragData | WorkspaceDragData>): void {
    const data = event.item.data;
    if (data.source === 'backlog') {
      this.added.emit({ taskId: data.taskId, index: event.currentIndex });
    } else if (event.previousIndex !== event.currentIndex) {
      this.moved.emit({ taskId: data.taskId, index: event.currentIndex });
    }
  }

  private readonly document = inject(DOCUMENT);
  /** Where the focus goes once the card menu has closed (it hands the focus back to its button first). */
  private focusTarget: HTMLElement | null = null;

  /** Removes a task; the focus moves to the next task's actions (or the previous, or the list). */
  protected remove(entry: WorkspaceEntry): void {
    const entries = this.entries();
    const index = entries.findIndex((e) => e.jobTaskId === entry.jobTaskId);
    const neighbour = entries[index + 1] ?? entries[index - 1];
    this.focusTarget = neighbour
      ? this.document.querySelector<HTMLElement>(`[data-testid="workspace-actions-${neighbour.jobTaskId}"]`)
      : this.document.getElementById('workspace-list');
    this.removed.emit(entry.jobTaskId);
  }

  protected focusAfterMenu(): void {
    const target = this.focusTarget;
    this.focusTarget = null;
    if (target) setTimeout(() => target.focus());
  }

  protected move(entry: WorkspaceEntry, index: number): void {
    if (index !== entry.order) this.moved.emit({ taskId: entry.jobTaskId, index });
  }
}
