import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { JobTaskDto, UpdateJobTaskRequest } from '@tdgen/contracts';
import { PAY_GROUP_MAX, PAY_GROUP_MIN, TITLE_MAX_LENGTH } from '@tdgen/contracts';
import { firstValueFrom } from 'rxjs';
import { LockBadgeComponent } from '../../shared/lock-badge.component';
import { RichTextEditorComponent } from '../../shared/rich-text/rich-text-editor.component';
import { TagInputComponent } from '../../shared/tag-input.component';
import { TitleFieldComponent } from '../../shared/title-field.component';
import { JobTasksStore } from '../../stores/job-tasks.store';
import { RecordActionsComponent } from '../../flows/records/record-actions.component';
import { RecordNoticesComponent } from '../../flows/records/record-notices.component';
import { RecordPanel } from '../../flows/records/record-panel';

/**
 * One task in the management accordion: expanding locks it for editing, collapsing releases
 * (docs/product.md § Web app).
 */
import { LockLineStatusComponent } from '../../flows/locks/lock-line-status.component';
@Component({
  selector: 'td-job-task-panel',
  imports: [
    LockLineStatusComponent,
    DatePipe,
    LockBadgeComponent,
    MatButtonModule,
    MatCheckboxModule,
    MatExpansionModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    MatTooltipModule,
    ReactiveFormsModule,
    RecordActionsComponent,
    RecordNoticesComponent,
    RichTextEditorComponent,
    TagInputComponent,
    TitleFieldComponent,
  ],
  templateUrl: './job-task-panel.component.html',
  styleUrl: '../../flows/records/record-panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JobTaskPanelComponent extends RecordPanel<JobTaskDto> {
  protected readonly store = inject(JobTasksStore);

  readonly task = input.required<JobTaskDto>();
  protected readonly record = this.task;

  protected readonly payGroups = Array.from({ length: PAY_GROUP_MAX - PAY_GROUP_MIN + 1 }, (_, i) => i + PAY_GROUP_MIN);
  protected readonly form = inject(NonNullableFormBuilder).group({
    title: ['', [Validators.required, Validators.maxLength(TITLE_MAX_LENGTH)]],
    text: [''],
    tags: [[] as string[]],
    payGroup: [null as number | null],
    readOnlyForEditors: [false],
  });

  constructor() {
    super('JobTask');
  }

  protected formValueOf(task: JobTaskDto) {
    return {
      title: task.title,
      text: task.text,
      tags: [...task.tags],
      payGroup: task.payGroup,
      readOnlyForEditors: task.readOnlyForEditors,
    };
  }

  /** Only the lock holder edits; pay group and the read-only flag are admin fields (docs/product.md § Roles). */
  protected enableControls(canEdit: boolean, canEditAdminFields: boolean): void {
    for (const name of ['title', 'text', 'tags'] as const) this.setEnabled(name, canEdit);
    this.setEnabled('payGroup', canEditAdminFields);
    this.setEnabled('readOnlyForEditors', canEditAdminFields);
  }

  protected async saveChanges(baseline: JobTaskDto): Promise<JobTaskDto> {
    const change = this.changedFields(baseline);
    if (Object.keys(change).length === 0) return baseline;
    return firstValueFrom(this.store.update(baseline.id, change));
  }

  protected async softDeleteNote(task: JobTaskDto): Promise<string> {
    const { descriptionCount } = await firstValueFrom(this.store.usage(task.id));
    return descriptionCount === 0
      ? 'No job description uses it.'
      : `It is used in ${descriptionCount} job description${descriptionCount === 1 ? '' : 's'}, where it will be shown struck through.`;
  }

  protected async permanentDeleteWarning(task: JobTaskDto): Promise<string> {
    const { descriptionCount } = await firstValueFrom(this.store.usage(task.id));
    const also =
      descriptionCount > 0
        ? `, also from ${descriptionCount} job description${descriptionCount === 1 ? '' : 's'}, whose shares are rebalanced`
        : '';
    return `"${task.title}" will be removed for good${also}.`;
  }

  private changedFields(baseline: JobTaskDto): UpdateJobTaskRequest {
    const value = this.form.getRawValue();
    const change: UpdateJobTaskRequest = {};
    if (value.title.trim() !== baseline.title) change.title = value.title.trim();
    if (value.text !== baseline.text) change.text = value.text;
    if (value.tags.join('\n') !== baseline.tags.join('\n')) change.tags = value.tags;
    if (this.isAdmin()) {
      if (value.payGroup !== baseline.payGroup) change.payGroup = value.payGroup;
      if (value.readOnlyForEditors !== baseline.readOnlyForEditors)
        change.readOnlyForEditors = value.readOnlyForEditors;
    }
    return change;
  }

  private setEnabled(name: keyof typeof this.form.controls, isEnabled: boolean): void {
    const control = this.form.controls[name];
    if (isEnabled && control.disabled) control.enable({ emitEvent: true });
    if (!isEnabled && control.enabled) control.disable({ emitEvent: true });
  }
}
