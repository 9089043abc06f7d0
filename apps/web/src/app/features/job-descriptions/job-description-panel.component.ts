import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import type { JobDescriptionDto, UpdateJobDescriptionRequest } from '@tdgen/contracts';
import { TITLE_MAX_LENGTH } from '@tdgen/contracts';
import { firstValueFrom } from 'rxjs';
import { WorkspaceActionsService } from '../../flows/workspace/workspace-actions.service';
import { LockBadgeComponent } from '../../shared/lock-badge.component';
import { TagInputComponent } from '../../shared/tag-input.component';
import { TitleFieldComponent } from '../../shared/title-field.component';
import { JobDescriptionsStore } from '../../stores/job-descriptions.store';
import { RecordActionsComponent } from '../../flows/records/record-actions.component';
import { RecordNoticesComponent } from '../../flows/records/record-notices.component';
import { RecordPanel } from '../../flows/records/record-panel';
import { documentRoute } from '../../shared/documents/document-links';
import {
  FrameworkDataFormComponent,
  changedFrameworkData,
  createFrameworkDataForm,
  frameworkFormValue,
} from './framework-data-form.component';

/** One description in the management accordion: metadata, framework data, its tasks (docs/product.md § Web app). */
import { LockLineStatusComponent } from '../../flows/locks/lock-line-status.component';
@Component({
  selector: 'td-job-description-panel',
  imports: [
    LockLineStatusComponent,
    DatePipe,
    DecimalPipe,
    FrameworkDataFormComponent,
    LockBadgeComponent,
    MatButtonModule,
    MatCheckboxModule,
    MatExpansionModule,
    MatIconModule,
    MatTooltipModule,
    ReactiveFormsModule,
    RecordActionsComponent,
    RecordNoticesComponent,
    RouterLink,
    TagInputComponent,
    TitleFieldComponent,
  ],
  templateUrl: './job-description-panel.component.html',
  styleUrl: '../../flows/records/record-panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JobDescriptionPanelComponent extends RecordPanel<JobDescriptionDto> {
  protected readonly store = inject(JobDescriptionsStore);
  private readonly workspaceActions = inject(WorkspaceActionsService);

  readonly description = input.required<JobDescriptionDto>();
  readonly isOpenInWorkspace = input(false);
  protected readonly record = this.description;
  protected readonly documentRoute = documentRoute;

  protected readonly tasks = computed(() => [...this.description().tasks].sort((a, b) => a.order - b.order));
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    title: ['', [Validators.required, Validators.maxLength(TITLE_MAX_LENGTH)]],
    tags: [[] as string[]],
    readOnlyForEditors: [false],
    frameworkData: createFrameworkDataForm(this.fb),
  });

  constructor() {
    super('JobDescription');
  }

  protected async openInWorkspace(): Promise<void> {
    await this.workspaceActions.openInWorkspace(this.description().id);
  }

  /** The workspace keeps its own lock on the open description; only a panel-only lock is released. */
  protected override releasesLockOnClose(): boolean {
    return !this.isOpenInWorkspace();
  }

  protected formValueOf(description: JobDescriptionDto) {
    return {
      title: description.title,
      tags: [...description.tags],
      readOnlyForEditors: description.readOnlyForEditors,
      frameworkData: frameworkFormValue(description.frameworkData),
    };
  }

  protected enableControls(canEdit: boolean, canEditAdminFields: boolean): void {
    const { title, tags, frameworkData, readOnlyForEditors } = this.form.controls;
    for (const control of [title, tags, frameworkData]) {
      if (canEdit) control.enable();
      else control.disable();
    }
    if (canEditAdminFields) readOnlyForEditors.enable();
    else readOnlyForEditors.disable();
  }

  /**
   * Metadata and framework data are two requests (docs/product.md § Framework data); each only when
   * something changed.
   */
  protected async saveChanges(baseline: JobDescriptionDto): Promise<JobDescriptionDto> {
    const value = this.form.getRawValue();
    const change: UpdateJobDescriptionRequest = {};
    if (value.title.trim() !== baseline.title) change.title = value.title.trim();
    if (value.tags.join('\n') !== baseline.tags.join('\n')) change.tags = value.tags;
    if (this.isAdmin() && value.readOnlyForEditors !== baseline.readOnlyForEditors) {
      change.readOnlyForEditors = value.readOnlyForEditors;
    }
    const frameworkChange = changedFrameworkData(value.frameworkData, baseline.frameworkData);
    let saved = baseline;
    if (Object.keys(change).length > 0) saved = await firstValueFrom(this.store.update(baseline.id, change));
    if (Object.keys(frameworkChange).length > 0) {
      saved = await firstValueFrom(this.store.updateFrameworkData(baseline.id, frameworkChange));
    }
    return saved;
  }

  protected async softDeleteNote(): Promise<string> {
    return '';
  }

  protected async permanentDeleteWarning(description: JobDescriptionDto): Promise<string> {
    return `"${description.title}", its task assignments and framework data will be removed for good.`;
  }
}
