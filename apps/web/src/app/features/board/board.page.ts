import { ChangeDetectionStrategy, Component, OnInit, computed, effect, inject, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { CdkDropListGroup } from '@angular/cdk/drag-drop';
import { Router } from '@angular/router';
import type { JobDescriptionDto, JobTaskDto } from '@tdgen/contracts';
import { CLIENT_ID } from '../../core/client-id';
import { AppConfigService } from '../../core/config/app-config.service';
import { ConnectivityService } from '../../core/connectivity.service';
import { LockFlowService } from '../../flows/locks/lock-flow.service';
import { WorkspaceActionsService } from '../../flows/workspace/workspace-actions.service';
import { WorkspaceEditsService } from '../../flows/workspace/workspace-edits.service';
import { ShareBarComponent, ShareSegment } from '../../shared/share-bar/share-bar.component';
import { CardStore } from '../../stores/card.store';
import { CurrentWorkspaceStore } from '../../stores/current-workspace.store';
import { JobDescriptionsStore } from '../../stores/job-descriptions.store';
import { JobTasksStore } from '../../stores/job-tasks.store';
import { LockStore } from '../../stores/lock.store';
import { BacklogColumnComponent } from './backlog-column.component';
import { TaskDropped, WorkspaceColumnComponent, WorkspaceEntry } from './workspace-column.component';

/** Workspace rows in order, each with the freshest task from the catalogue (titles edited elsewhere show at once). */
export function workspaceEntries(
  description: JobDescriptionDto | null,
  tasksById: ReadonlyMap<number, JobTaskDto>,
): WorkspaceEntry[] {
  if (!description) return [];
  return [...description.tasks]
    .sort((a, b) => a.order - b.order)
    .map((a) => ({
      jobTaskId: a.jobTaskId,
      order: a.order,
      percentage: a.percentage,
      task: tasksById.get(a.jobTaskId) ?? a.task,
    }));
}

/** The board (SPEC §8.3): backlog, workspace and share bar. */
@Component({
  selector: 'td-board-page',
  imports: [BacklogColumnComponent, CdkDropListGroup, ShareBarComponent, WorkspaceColumnComponent],
  templateUrl: './board.page.html',
  styleUrl: './board.page.scss',
  providers: [WorkspaceEditsService],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BoardPage implements OnInit {
  private readonly tasksStore = inject(JobTasksStore);
  private readonly descriptions = inject(JobDescriptionsStore);
  private readonly workspace = inject(CurrentWorkspaceStore);
  private readonly lockFlow = inject(LockFlowService);
  private readonly router = inject(Router);
  private readonly edits = inject(WorkspaceEditsService);
  protected readonly actions = inject(WorkspaceActionsService);
  protected readonly myClientId = inject(CLIENT_ID);
  protected readonly maxTasks = inject(AppConfigService).value.limits.maxTasksPerDescription;

  protected readonly tasks = toSignal(this.tasksStore.tasks$, { initialValue: [] });
  private readonly tasksById = toSignal(this.tasksStore.tasksById$, { initialValue: new Map() });
  protected readonly description = toSignal(this.workspace.description$, { initialValue: null });
  protected readonly holdsLock = toSignal(this.workspace.canEdit$, { initialValue: false });
  /** Why changes are paused (no live connection); null while they are possible. */
  protected readonly pausedReason = inject(ConnectivityService).pausedReason;
  /** This tab holds the open description's lock and the connection is live. */
  protected readonly canEdit = computed(() => this.holdsLock() && this.pausedReason() === null);
  protected readonly locks = toSignal(inject(LockStore).locks$, { initialValue: new Map() });
  protected readonly highlighted = toSignal(inject(CardStore).highlighted$, { initialValue: new Set<string>() });

  protected readonly entries = computed(() => workspaceEntries(this.description(), this.tasksById()));
  protected readonly inWorkspace = computed(() => new Set(this.entries().map((e) => e.jobTaskId)));
  protected readonly isFull = computed(() => this.description() !== null && this.entries().length >= this.maxTasks);
  protected readonly canAdd = computed(() => this.canEdit() && !this.isFull());
  protected readonly descriptionLock = computed(() => {
    const open = this.description();
    return open ? (this.locks().get(`JobDescription:${open.id}`) ?? null) : null;
  });

  protected readonly segments = computed<ShareSegment[]>(() => {
    const pending = this.edits.pending();
    const entries = this.entries();
    const usePending =
      pending !== null && pending.descriptionId === this.description()?.id && pending.shares.length === entries.length;
    return entries.map((e, i) => ({
      id: e.jobTaskId,
      label: e.task.title,
      percentage: usePending ? pending.shares[i] : e.percentage,
    }));
  });

  constructor() {
    // A different description (or a change from elsewhere) discards unsaved share previews.
    effect(() => {
      this.description();
      untracked(() => this.edits.discardPending());
    });
  }

  ngOnInit(): void {
    this.tasksStore.ensureLoaded();
  }

  protected addTask(taskId: number, index?: number): void {
    const open = this.description();
    if (open) this.descriptions.addTask(open.id, taskId, index).subscribe({ error: () => undefined });
  }

  protected onAdded({ taskId, index }: TaskDropped): void {
    this.addTask(taskId, index);
  }

  protected onMoved({ taskId, index }: TaskDropped): void {
    const open = this.description();
    if (open) this.descriptions.moveTask(open.id, taskId, index).subscribe({ error: () => undefined });
  }

  protected onRemoved(taskId: number): void {
    const open = this.description();
    const title = this.tasksById().get(taskId)?.title ?? 'the task';
    if (open) this.edits.removeTask(open, taskId, title);
  }

  protected onEdited(taskId: number): void {
    void this.router.navigate(['/tasks'], { queryParams: { edit: taskId } });
  }

  protected onSharesChange(shares: number[]): void {
    const open = this.description();
    if (!open || !this.canEdit()) return;
    this.edits.changeShares(
      open,
      this.entries().map((e) => e.jobTaskId),
      shares,
    );
  }

  protected requestEdit(): void {
    const open = this.description();
    if (open) void this.lockFlow.acquireForEditing('JobDescription', open.id, `the job description "${open.title}"`);
  }

  protected openDescriptions(): void {
    void this.router.navigateByUrl('/descriptions');
  }
}
