import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  numberAttribute,
  signal,
} from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { JobDescriptionDto, JobTaskDto } from '@tdgen/contracts';
import { switchMap } from 'rxjs';
import { LanguageService } from '../../core/language.service';
import { JobDescriptionsStore } from '../../stores/job-descriptions.store';
import { JobTasksStore } from '../../stores/job-tasks.store';
import { pdfUrl } from '../../shared/documents/document-links';
import { JobDescriptionDocumentComponent } from './job-description-document.component';

/** The description with each task as the catalogue knows it now (a task edited elsewhere shows at once). */
export function withFreshTasks(
  description: JobDescriptionDto,
  tasksById: ReadonlyMap<number, JobTaskDto>,
): JobDescriptionDto {
  return {
    ...description,
    tasks: description.tasks.map((entry) => ({ ...entry, task: tasksById.get(entry.jobTaskId) ?? entry.task })),
  };
}

/**
 * The read-only document view of one description (route `job-descriptions/:id/document`): the
 * layout of the PDF, kept live by the stores' events, with "Download PDF" and "Print".
 */
@Component({
  selector: 'td-job-description-document-page',
  imports: [JobDescriptionDocumentComponent, MatButtonModule, MatIconModule, MatProgressBarModule, RouterLink],
  template: `
    <div class="document-page">
      <nav class="document-page__actions" aria-label="Document actions" i18n-aria-label>
        <a mat-button routerLink="/descriptions"
          ><mat-icon svgIcon="arrow_back"></mat-icon><ng-container i18n>Job descriptions</ng-container></a
        >
        <span class="td-spacer"></span>
        @if (description()) {
          <a mat-stroked-button [href]="pdfHref()" download data-testid="document-download-pdf">
            <mat-icon svgIcon="picture_as_pdf"></mat-icon><ng-container i18n>Download PDF</ng-container>
          </a>
          <button mat-flat-button (click)="print()" data-testid="document-print">
            <mat-icon svgIcon="print"></mat-icon><ng-container i18n>Print</ng-container>
          </button>
        }
      </nav>
      @if (description(); as shown) {
        <td-job-description-document [description]="shown" [documentDate]="today" [locale]="language" />
      } @else if (isMissing()) {
        <p class="td-empty" data-testid="document-missing" i18n>This job description does not exist (any more).</p>
      } @else {
        <mat-progress-bar mode="indeterminate" />
      }
    </div>
  `,
  styles: `
    .document-page {
      padding: 16px 24px 48px;
      background: var(--mat-sys-surface-container);
      min-height: 100%;
      box-sizing: border-box;
    }
    .document-page__actions {
      display: flex;
      align-items: center;
      gap: 8px;
      max-width: 210mm;
      margin: 0 auto 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JobDescriptionDocumentPage {
  private readonly descriptions = inject(JobDescriptionsStore);
  private readonly window = inject(DOCUMENT).defaultView;

  /** The route's `:id`. */
  readonly id = input.required({ transform: numberAttribute });

  protected readonly today = new Date();
  /** The document is in the language of the app, like the PDF the server renders for this user. */
  protected readonly language = inject(LanguageService).current;
  protected readonly isMissing = signal(false);
  private readonly stored = toSignal(toObservable(this.id).pipe(switchMap((id) => this.descriptions.description$(id))));
  private readonly tasksById = toSignal(inject(JobTasksStore).tasksById$, { initialValue: new Map() });
  protected readonly description = computed(() => {
    const stored = this.stored();
    return stored ? withFreshTasks(stored, this.tasksById()) : undefined;
  });
  protected readonly pdfHref = computed(() => pdfUrl(this.id()));

  constructor() {
    // Fetched once per id; from then on the store's events keep it current.
    effect(() => {
      const id = this.id();
      this.isMissing.set(false);
      this.descriptions.fetch(id).subscribe({
        error: (error: unknown) => {
          if (error instanceof HttpErrorResponse && (error.status === 404 || error.status === 400)) {
            this.isMissing.set(true);
          }
        },
      });
    });
  }

  protected print(): void {
    this.window?.print();
  }
}
