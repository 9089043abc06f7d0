import { ChangeDetectionStrategy, Component, ViewEncapsulation, computed, input } from '@angular/core';
import {
  DOCUMENT_LABELS,
  FRAMEWORK_FIELDS,
  documentFormats,
  documentStatus,
  type DocumentLocale,
  type JobDescriptionDto,
} from '@tdgen/contracts';

/**
 * A job description laid out like its PDF: header block, framework data, the task table with
 * totals, and the signature block. Presentational; printing uses the print rules of its stylesheet.
 */
@Component({
  selector: 'td-job-description-document',
  templateUrl: './job-description-document.component.html',
  styleUrl: './job-description-document.component.scss',
  // The print rules must reach the page around this component (to hide everything else).
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JobDescriptionDocumentComponent {
  readonly description = input.required<JobDescriptionDto>();
  readonly documentDate = input.required<Date>();
  readonly locale = input<DocumentLocale>('en');

  protected readonly labels = computed(() => DOCUMENT_LABELS[this.locale()]);
  protected readonly format = computed(() => documentFormats(this.labels()));
  protected readonly status = computed(() => documentStatus(this.labels(), this.description()));
  protected readonly tasks = computed(() => [...this.description().tasks].sort((a, b) => a.order - b.order));
  protected readonly totalShare = computed(() => this.tasks().reduce((sum, entry) => sum + entry.percentage, 0));
  protected readonly frameworkRows = computed(() => {
    const { frameworkData } = this.description();
    return FRAMEWORK_FIELDS.map((field) => ({
      field,
      label: this.labels().frameworkFields[field],
      // Framework data is plain text: one paragraph per non-empty line, as in the PDF.
      lines: (frameworkData[field] ?? '')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== ''),
    }));
  });
}
