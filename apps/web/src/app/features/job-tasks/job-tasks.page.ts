import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ConnectivityService } from '../../core/connectivity.service';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { FilterBarComponent } from '../../shared/filter-bar.component';
import { EMPTY_FILTER, RecordFilter, matchesFilter, tagsInUse } from '../../shared/record-filter';
import { CardStore } from '../../stores/card.store';
import { JobTasksStore } from '../../stores/job-tasks.store';
import { promptTitle } from '../../flows/records/record-dialogs';
import { JobTaskPanelComponent } from './job-task-panel.component';

/**
 * Management of the task catalogue (docs/product.md § Web app): filterable accordion, one task open
 * for editing at a time.
 */
@Component({
  selector: 'td-job-tasks-page',
  imports: [
    FilterBarComponent,
    JobTaskPanelComponent,
    MatButtonModule,
    MatExpansionModule,
    MatIconModule,
    MatProgressBarModule,
    MatTooltipModule,
  ],
  template: `
    <section class="page" data-testid="job-tasks-page">
      <header class="page__header">
        <h1 class="page__title" i18n="page heading: the catalogue of job tasks">Job tasks</h1>
        <span class="page__count" i18n="shown of all">{{ visible().length }} of {{ tasks().length }}</span>
        <span class="td-spacer"></span>
        <button
          mat-flat-button
          [disabled]="!!pausedReason()"
          disabledInteractive
          [matTooltip]="pausedReason() ?? ''"
          (click)="create()"
          data-testid="create-task"
        >
          <mat-icon svgIcon="add"></mat-icon><ng-container i18n>New task</ng-container>
        </button>
      </header>
      <td-filter-bar [(filter)]="filter" [tags]="allTags()" [hasPayGroup]="true" />
      @if (isLoading()) {
        <mat-progress-bar mode="indeterminate" />
      }
      <mat-accordion class="page__list" data-testid="task-accordion">
        @for (task of visible(); track task.id) {
          <td-job-task-panel
            [task]="task"
            [isExpanded]="expandedId() === task.id"
            [isOpenedToEdit]="editingId() === task.id"
            [isHighlighted]="highlighted().has('task:' + task.id)"
            (expandedChange)="onExpandedChange(task.id, $event)"
          />
        } @empty {
          <p class="td-empty">
            @if (tasks().length) {
              <ng-container i18n>No task matches the filters.</ng-container>
            } @else {
              <ng-container i18n>No job tasks yet.</ng-container>
            }
          </p>
        }
      </mat-accordion>
    </section>
  `,
  styleUrl: '../../flows/records/management-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JobTasksPage implements OnInit {
  private readonly store = inject(JobTasksStore);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);

  /** `?edit=<id>` opens that task to edit it (the board's "edit task" links here). */
  readonly edit = input<string | undefined>();
  /** `/tasks/<id>`: a link to one task, shown expanded (read-only). */
  readonly id = input<string | undefined>();

  protected readonly tasks = toSignal(this.store.tasks$, { initialValue: [] });
  protected readonly isLoading = toSignal(this.store.isLoading$, { initialValue: false });
  protected readonly highlighted = toSignal(inject(CardStore).highlighted$, { initialValue: new Set<string>() });
  protected readonly pausedReason = inject(ConnectivityService).pausedReason;
  protected readonly filter = signal<RecordFilter>(EMPTY_FILTER);
  protected readonly expandedId = signal<number | null>(null);
  /** The task opened to be changed (just created, or "Edit task" on the board); others open read-only. */
  protected readonly editingId = signal<number | null>(null);
  protected readonly allTags = computed(() => tagsInUse(this.tasks()));
  protected readonly visible = computed(() => {
    const filter = this.filter();
    const expanded = this.expandedId();
    // The open task stays visible even when a filter (or its deletion) would hide it.
    return this.tasks().filter((task) => task.id === expanded || matchesFilter(task, filter));
  });

  ngOnInit(): void {
    this.store.ensureLoaded();
    const editId = Number(this.edit());
    if (Number.isInteger(editId) && editId > 0) this.openToEdit(editId);
    const linkedId = Number(this.id());
    if (Number.isInteger(linkedId) && linkedId > 0 && this.expandedId() === null) this.expandedId.set(linkedId);
  }

  protected onExpandedChange(id: number, isExpanded: boolean): void {
    if (isExpanded) this.expandedId.set(id);
    else if (this.expandedId() === id) this.expandedId.set(null);
    if (!isExpanded && this.editingId() === id) this.editingId.set(null);
    if (!isExpanded && this.edit())
      void this.router.navigate([], { queryParams: { edit: null }, queryParamsHandling: 'merge' });
  }

  private openToEdit(id: number): void {
    this.editingId.set(id);
    this.expandedId.set(id);
  }

  protected async create(): Promise<void> {
    const title = await promptTitle(this.dialog, $localize`New job task`);
    if (!title) return;
    try {
      const created = await firstValueFrom(this.store.create({ title }));
      this.openToEdit(created.id);
    } catch {
      // Explained by the error interceptor (e.g. 409: the title exists).
    }
  }
}
