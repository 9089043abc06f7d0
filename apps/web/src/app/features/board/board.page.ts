import {
  ChangeDetectionStrategy,
  Component,
  OnInit,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { DOCUMENT } from '@angular/common';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { EMPTY, Subject, catchError, debounceTime, switchMap } from 'rxjs';
import { CdkDropListGroup } from '@angular/cdk/drag-drop';
import { Router } from '@angular/router';
import type { JobDescriptionDto, JobTaskDto } from '@tdgen/contracts';
import { CurrentUserService } from '../../core/auth/current-user.service';
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
import { DescriptionPickerComponent, PICKER_OPTIONS_MAX } from './description-picker.component';

const PICKER_SEARCH_DEBOUNCE_MS = 100;
import { TaskDropped, WorkspaceColumnComponent, WorkspaceEntry } from './workspace-column.component';

/**
 * Workspace rows in order, each with the freshest copy of its task: the catalogue's or the
 * description's, whichever changed last (titles edited elsewhere show at once).
 */
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
      task: fresher(tasksById.get(a.jobTaskId), a.task),
    }));
}

function fresher(held: JobTaskDto | undefined, embedded: JobTaskDto): JobTaskDto {
  return held && Date.parse(held.updatedAt) >= Date.parse(embedded.updatedAt) ? held : embedded;
}

/** The board's columns; on narrow screens one at a time, chosen by tabs. */
export type BoardPane = 'backlog' | 'workspace' | 'shares';

/** The board (docs/product.md § Web app): backlog, workspace and share bar. */
@Component({
  selector: 'td-board-page',
  imports: [
    BacklogColumnComponent,
    CdkDropListGroup,
    DescriptionPickerComponent,
    ShareBarComponent,
    WorkspaceColumnComponent,
  ],
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
  private readonly document = inject(DOCUMENT);
  protected readonly actions = inject(WorkspaceActionsService);
  protected readonly myClientId = inject(CLIENT_ID);
  protected readonly myUserId = inject(CurrentUserService).currentUser?.id ?? null;
  protected readonly maxTasks = inject(AppConfigService).value.limits.maxTasksPerDescription;

  protected readonly panes: readonly { id: BoardPane; label: string }[] = [
    { id: 'backlog', label: 'Catalogue' },
    { id: 'workspace', label: 'Description' },
    { id: 'shares', label: 'Shares' },
  ];
  /** The column shown on a narrow screen. */
  protected readonly activePane = signal<BoardPane>('workspace');

  /** `/?open=<id>`: a link that opens this description on the board. */
  readonly open = input<string | undefined>();

  private readonly descriptionsById = toSignal(this.descriptions.descriptionsById$, { initialValue: new Map() });
  /** The picker's descriptions: the recently opened ones and the server's matches of the text typed. */
  private readonly pickerIds = signal<readonly number[]>([]);
  private readonly pickerSearches = new Subject<string>();
  protected pickerText = '';
  protected readonly pickerDescriptions = computed(() => {
    const byId = this.descriptionsById();
    const ids = new Set([...this.recentIds(), ...this.pickerIds()]);
    return [...ids].flatMap((id) => byId.get(id) ?? []);
  });
  protected readonly recentIds = toSignal(this.workspace.recentIds$, { initialValue: [] });
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
    // The picker searches the descriptions on the server (2,000 of them, each with its tasks, are
    // too many to load for a list of names); the store keeps the answers live.
    this.pickerSearches
      .pipe(
        debounceTime(PICKER_SEARCH_DEBOUNCE_MS),
        switchMap((text) =>
          this.descriptions
            .fetchPage({ limit: String(PICKER_OPTIONS_MAX), ...(text.trim() ? { q: text.trim() } : {}) })
            .pipe(catchError(() => EMPTY)),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((page) => this.pickerIds.set(page.items.map((d) => d.id)));
    // A different description (or a change from elsewhere) discards unsaved share previews.
    effect(() => {
      this.description();
      untracked(() => this.edits.discardPending());
    });
  }

  protected selectNextPane(step: number): void {
    const index = this.panes.findIndex((pane) => pane.id === this.activePane());
    const next = this.panes[(index + step + this.panes.length) % this.panes.length];
    this.activePane.set(next.id);
    this.document.getElementById(`board-tab-${next.id}`)?.focus();
  }

  ngOnInit(): void {
    // The backlog searches the catalogue on the server (TaskSearchStore); the board never loads it whole.
    const linked = Number(this.open());
    if (Number.isInteger(linked) && linked > 0 && linked !== this.workspace.openDescriptionId) {
      void this.actions.openInWorkspace(linked, { navigate: false });
    }
  }

  /** The picker is about to be used: its recently opened descriptions (fetched if not held) and a search. */
  protected prepareDescriptions(): void {
    for (const id of this.recentIds()) {
      if (!this.descriptions.get(id)) this.descriptions.fetch(id).subscribe({ error: () => undefined });
    }
    this.searchDescriptions(this.pickerText);
  }

  protected searchDescriptions(text: string): void {
    this.pickerText = text;
    this.pickerSearches.next(text);
  }

  protected openDescription(id: number): void {
    if (id !== this.workspace.openDescriptionId) void this.actions.openInWorkspace(id, { navigate: false });
    this.activePane.set('workspace');
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
