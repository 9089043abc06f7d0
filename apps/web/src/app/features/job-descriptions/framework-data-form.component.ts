import { CdkTextareaAutosize } from '@angular/cdk/text-field';
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { FormControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { FrameworkData, FrameworkField } from '@tdgen/contracts';
import { DOCUMENT_LABELS, FRAMEWORK_FIELDS, FRAMEWORK_FIELD_LIMITS } from '@tdgen/contracts';
import { LanguageService } from '../../core/language.service';
import { controlSignals } from '../../shared/control-signals';

export type FrameworkDataForm = FormGroup<Record<FrameworkField, FormControl<string>>>;

export function createFrameworkDataForm(fb: NonNullableFormBuilder): FrameworkDataForm {
  const controls = Object.fromEntries(
    FRAMEWORK_FIELDS.map((field) => [field, fb.control('', Validators.maxLength(FRAMEWORK_FIELD_LIMITS[field]))]),
  ) as Record<FrameworkField, FormControl<string>>;
  return fb.group(controls);
}

export function frameworkFormValue(data: FrameworkData): Record<FrameworkField, string> {
  return Object.fromEntries(FRAMEWORK_FIELDS.map((field) => [field, data[field] ?? ''])) as Record<
    FrameworkField,
    string
  >;
}

/** Only the fields that differ from `saved`; an emptied field is sent as null. */
export function changedFrameworkData(
  value: Record<FrameworkField, string>,
  saved: FrameworkData,
): Partial<FrameworkData> {
  const change: Partial<FrameworkData> = {};
  for (const field of FRAMEWORK_FIELDS) {
    const next = value[field].trim() === '' ? null : value[field];
    if (next !== (saved[field] ?? null)) change[field] = next;
  }
  return change;
}

/** The eight framework-data texts of a description with character counters (docs/product.md § Framework data). */
@Component({
  selector: 'td-framework-data-form',
  imports: [CdkTextareaAutosize, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    <fieldset class="framework" [formGroup]="form()">
      <legend class="framework__legend" i18n>Framework data</legend>
      @for (field of fields; track field) {
        <mat-form-field appearance="outline" [class.framework__wide]="limits[field] > 600">
          <mat-label>{{ labels[field] }}</mat-label>
          <textarea
            matInput
            [formControlName]="field"
            [maxlength]="limits[field]"
            cdkTextareaAutosize
            rows="2"
            [attr.data-testid]="'framework-' + field"
          ></textarea>
          <mat-hint align="end">{{ state.value()?.[field]?.length ?? 0 }} / {{ limits[field] }}</mat-hint>
          @if (form().controls[field].hasError('maxlength')) {
            <mat-error i18n>At most {{ limits[field] }} characters</mat-error>
          }
        </mat-form-field>
      }
    </fieldset>
  `,
  styles: `
    .framework {
      border: 0;
      padding: 0;
      margin: 0;
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 4px 16px;
    }
    .framework__legend {
      font: var(--mat-sys-title-small);
      margin-bottom: 8px;
    }
    .framework__wide {
      grid-column: 1 / -1;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FrameworkDataFormComponent {
  readonly form = input.required<FrameworkDataForm>();
  protected readonly fields = FRAMEWORK_FIELDS;
  protected readonly limits = FRAMEWORK_FIELD_LIMITS;
  /** The same words as the document (Rahmendaten in German). */
  protected readonly labels = DOCUMENT_LABELS[inject(LanguageService).current].frameworkFields;
  /** Counters follow refills by the parent too (OnPush). */
  protected readonly state = controlSignals(() => this.form());
}
