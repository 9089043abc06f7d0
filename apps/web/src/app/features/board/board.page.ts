import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  OnInit,
  computed,
  effect,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { CdkDropListGroup } from '@angular/cdk/drag-drop';
import { Router } from '@angular/router';
import type { JobDescriptionDto, JobTaskDto } from '@tdgen/contracts';
import { Subject, concatMap, debounceTime, EMPTY, catchError, finalize } from 'rxjs';
import { CLIENT_ID } from '../../core/client-id';
import { AppConfigService } from '../../core/config/app-config.service';
import { LockFlowService } from '../../flows/locks/lock-flow.service';
import { WorkspaceActionsService } from '../../flows/workspace/workspace-actions.service';
import { ShareBarComponent, ShareSegment } from '../../shared/share-bar/share-bar.component';
import { CardStore } from '../../stores/card.store';
import { CurrentWorkspaceStore } from '../../stores/current-workspace.store';
import { JobDescriptionsStore } from '../../stores/job-descriptions.store';
import { JobTasksStore } from '../../stores/job-tasks.store';
import { LockStore } from '../../stores/lock.store';
import { BacklogColumnComponent } from './backlog-column.component';
import { TaskDropped, WorkspaceColumnComponent, WorkspaceEntry } from './workspace-column.component';

/** Shares typed with the keyboard are saved once the user pauses. */
export const SHARE_SAVE_DEBOUNCE_MS = 400;

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

/** The board (docs/product.md § Web app): backlog, workspace and share bar. */
@Component({
  selector: 'td-board-page',
  imports: [BacklogColumnComponent, CdkDropListGroup, ShareBarComponent, WorkspaceColumnComponent],
  templateUrl: './board.page.html',
  styleUrl: './board.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BoardPage implements OnInit {
  private readonly tasksStore = inject(JobTasksStore);
  private readonly descriptions = inject(JobDescriptionsStore);
  private readonly workspace = inject(CurrentWorkspaceStore);
  private readonly lockFlow = inject(LockFlowService);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly actions = inject(WorkspaceActionsService);
  protected readonly myClientId = inject(CLIENT_ID);
  protected readonly maxTasks = inject(AppConfigService).value.limits.maxTasksPerDescription;

  protected readonly tasks = toSignal(this.tasksStore.tasks$, { initialValue: [] });
  private readonly tasksById = toSignal(this.tasksStore.tasksById$, { initialValue: new Map() });
  protected readonly description = toSignal(this.workspace.description$, { initialValue: null });
  protected readonly canEdit = toSignal(this.workspace.canEdit$, { initialValue: false });
  protected readonly locks = toSignal(inject(LockStore).locks$, { initialValue: new Map() });
  protected readonly highlighted = toSignal(inject(CardStore).highlighted$, { initialValue: new Set<string>() });

  protected readonly entries = computed(() => workspaceEntries(this.description(), this.tasksById()));
  protected readonly inWorkspace = computed(() => new Set(this.entries().map((e) => e.jobTaskId)));
  protected readonly canAdd = computed(() => this.canEdit() && this.entries().length < this.maxTasks);
  protected readonly descriptionLock = computed(() => {
    const open = this.description();
    return open ? (this.locks().get(`JobDescription:${open.id}`) ?? null) : null;
  });

  /** Shares adjusted but not yet confirmed by the server. */
  private readonly pendingShares = signal<number[] | null>(null);
  protected readonly segments = computed<ShareSegment[]>(() => {
    const pending = this.pendingShares();
    const entries = this.entries();
    const usePending = pending !== null && pending.length === entries.length;
    return entries.map((e, i) => ({
      id: e.jobTaskId,
      label: e.task.title,
      percentage: usePending ? pending[i] : e.percentage,
    }));
  });
  private readonly shareChanges = new Subject<{ descriptionId: number; entries: WorkspaceEntry[]; shares: number[] }>();

  constructor() {
    // A different description (or a change from elsewhere) discards unsaved share previews.
    effect(() => {
      this.description();
      if (!this.isSavingShares) this.pendingShares.set(null);
    });
    this.shareChanges
      .pipe(
        debounceTime(SHARE_SAVE_DEBOUNCE_MS),
        concatMap(({ descriptionId, entries, shares }) => {
          this.isSavingShares = true;
          const percentages = entries.map((e, i) => ({ jobTaskId: e.jobTaskId, percentage: shares[i] }));
          return this.descriptions.setPercentages(descriptionId, { percentages }).pipe(
            catchError(() => EMPTY),
            finalize(() => {
              this.isSavingShares = false;
              this.pendingShares.set(null);
            }),
          );
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe();
  }

  private isSavingShares = false;

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
    if (open) this.descriptions.removeTask(open.id, taskId).subscribe({ error: () => undefined });
  }

  protected onEdited(taskId: number): void {
    void this.router.navigate(['/tasks'], { queryParams: { edit: taskId } });
  }

  protected onSharesChange(shares: number[]): void {
    const open = this.description();
    if (!open || !this.canEdit()) return;
    this.pendingShares.set(shares);
    this.shareChanges.next({ descriptionId: open.id, entries: this.entries(), shares });
  }

  protected requestEdit(): void {
    const open = this.description();
    if (open) void this.lockFlow.acquireForEditing('JobDescription', open.id, `the job description "${open.title}"`);
  }

  protected openDescriptions(): void {
    void this.router.navigateByUrl('/descriptions');
  }
}
