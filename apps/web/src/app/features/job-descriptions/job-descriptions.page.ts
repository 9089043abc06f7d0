import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ConnectivityService } from '../../core/connectivity.service';
import { firstValueFrom } from 'rxjs';
import { FilterBarComponent } from '../../shared/filter-bar.component';
import { EMPTY_FILTER, RecordFilter, matchesFilter, tagsInUse } from '../../shared/record-filter';
import { CardStore } from '../../stores/card.store';
import { CurrentWorkspaceStore } from '../../stores/current-workspace.store';
import { JobDescriptionsStore } from '../../stores/job-descriptions.store';
import { promptTitle } from '../../flows/records/record-dialogs';
import { DocumentExportButtonComponent } from '../../shared/documents/document-export-button.component';
import { JobDescriptionPanelComponent } from './job-description-panel.component';

/** Management of job descriptions (docs/product.md § Web app). */
@Component({
  selector: 'td-job-descriptions-page',
  imports: [
    DocumentExportButtonComponent,
    FilterBarComponent,
    JobDescriptionPanelComponent,
    MatButtonModule,
    MatExpansionModule,
    MatIconModule,
    MatProgressBarModule,
    MatTooltipModule,
  ],
  template: `
    <section class="page" data-testid="job-descriptions-page">
      <header class="page__header">
        <h1 class="page__title" i18n>Job descriptions</h1>
        <span class="page__count" i18n="shown of all">{{ visible().length }} of {{ descriptions().length }}</span>
        <span class="td-spacer"></span>
        <td-document-export-button [descriptions]="visible()" [tags]="allTags()" />
        <button
          mat-flat-button
          [disabled]="!!pausedReason()"
          disabledInteractive
          [matTooltip]="pausedReason() ?? ''"
          (click)="create()"
          data-testid="create-description"
        >
          <mat-icon svgIcon="add"></mat-icon><ng-container i18n>New description</ng-container>
        </button>
      </header>
      <td-filter-bar [(filter)]="filter" [tags]="allTags()" />
      @if (isLoading()) {
        <mat-progress-bar mode="indeterminate" />
      }
      <mat-accordion class="page__list" data-testid="description-accordion">
        @for (description of visible(); track description.id) {
          <td-job-description-panel
            [description]="description"
            [isExpanded]="expandedId() === description.id"
            [isOpenedToEdit]="editingId() === description.id"
            [isHighlighted]="highlighted().has('description:' + description.id)"
            [isOpenInWorkspace]="openId() === description.id"
            (expandedChange)="onExpandedChange(description.id, $event)"
          />
        } @empty {
          <p class="td-empty">
            @if (descriptions().length) {
              <ng-container i18n>No job description matches the filters.</ng-container>
            } @else {
              <ng-container i18n>No job descriptions yet.</ng-container>
            }
          </p>
        }
      </mat-accordion>
    </section>
  `,
  styleUrl: '../../flows/records/management-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JobDescriptionsPage implements OnInit {
  private readonly store = inject(JobDescriptionsStore);
  private readonly dialog = inject(MatDialog);

  /** `/descriptions/<id>`: a link to one description, shown expanded (read-only). */
  readonly id = input<string | undefined>();

  protected readonly descriptions = toSignal(this.store.descriptions$, { initialValue: [] });
  protected readonly isLoading = toSignal(this.store.isLoading$, { initialValue: false });
  protected readonly highlighted = toSignal(inject(CardStore).highlighted$, { initialValue: new Set<string>() });
  protected readonly openId = toSignal(inject(CurrentWorkspaceStore).openDescriptionId$, { initialValue: null });
  protected readonly pausedReason = inject(ConnectivityService).pausedReason;
  protected readonly filter = signal<RecordFilter>(EMPTY_FILTER);
  protected readonly expandedId = signal<number | null>(null);
  /** The description just created opens to be edited; others open read-only. */
  protected readonly editingId = signal<number | null>(null);
  protected readonly allTags = computed(() => tagsInUse(this.descriptions()));
  protected readonly visible = computed(() => {
    const filter = this.filter();
    const expanded = this.expandedId();
    return this.descriptions().filter((d) => d.id === expanded || matchesFilter(d, filter));
  });

  ngOnInit(): void {
    this.store.ensureLoaded();
    const linkedId = Number(this.id());
    if (Number.isInteger(linkedId) && linkedId > 0) this.expandedId.set(linkedId);
  }

  protected onExpandedChange(id: number, isExpanded: boolean): void {
    if (isExpanded) this.expandedId.set(id);
    else if (this.expandedId() === id) this.expandedId.set(null);
    if (!isExpanded && this.editingId() === id) this.editingId.set(null);
  }

  protected async create(): Promise<void> {
    const title = await promptTitle(this.dialog, $localize`New job description`);
    if (!title) return;
    try {
      const created = await firstValueFrom(this.store.create({ title }));
      this.editingId.set(created.id);
      this.expandedId.set(created.id);
    } catch {
      // Explained by the error interceptor (e.g. 409: the title exists).
    }
  }
}
