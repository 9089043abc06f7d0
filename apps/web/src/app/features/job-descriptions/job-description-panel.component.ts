import { DatePipe, DecimalPipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  OnDestroy,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { JobDescriptionDto, UpdateJobDescriptionRequest } from '@tdgen/contracts';
import { TITLE_MAX_LENGTH } from '@tdgen/contracts';
import { firstValueFrom, switchMap } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { CLIENT_ID } from '../../core/client-id';
import { LockFlowService } from '../../core/locks/lock-flow.service';
import { WorkspaceActionsService } from '../../core/workspace/workspace-actions.service';
import { LockBadgeComponent } from '../../shared/lock-badge.component';
import { TagInputComponent } from '../../shared/tag-input.component';
import { JobDescriptionsService } from '../../stores/job-descriptions.service';
import { LockService } from '../../stores/lock.service';
import { hasUnsavedInput, remoteChangeAction } from '../shared/editable-record';
import { confirm } from '../shared/record-dialogs';
import {
  FrameworkDataFormComponent,
  changedFrameworkData,
  createFrameworkDataForm,
  frameworkFormValue,
} from './framework-data-form.component';

/** One description in the management accordion: metadata, framework data, its tasks (SPEC §8.4). */
@Component({
  selector: 'td-job-description-panel',
  imports: [
    DatePipe,
    DecimalPipe,
    FrameworkDataFormComponent,
    LockBadgeComponent,
    MatButtonModule,
    MatCheckboxModule,
    MatExpansionModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatTooltipModule,
    ReactiveFormsModule,
    TagInputComponent,
  ],
  templateUrl: './job-description-panel.component.html',
  styleUrl: '../shared/record-panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JobDescriptionPanelComponent implements OnDestroy {
  private readonly store = inject(JobDescriptionsService);
  private readonly locks = inject(LockService);
  private readonly lockFlow = inject(LockFlowService);
  private readonly workspaceActions = inject(WorkspaceActionsService);
  private readonly dialog = inject(MatDialog);
  private readonly clientId = inject(CLIENT_ID);
  protected readonly isAdmin = toSignal(inject(AuthService).isAdmin$, { initialValue: false });

  readonly description = input.required<JobDescriptionDto>();
  readonly isExpanded = input(false);
  readonly isHighlighted = input(false);
  readonly isOpenInWorkspace = input(false);
  readonly expandedChange = output<boolean>();

  protected readonly lock = toSignal(
    toObservable(computed(() => this.description().id)).pipe(switchMap((id) => this.locks.lock$('JobDescription', id))),
    { initialValue: null },
  );
  protected readonly isEditing = computed(() => this.lock()?.clientId === this.clientId);
  protected readonly isLockedByOther = computed(() => !!this.lock() && !this.isEditing());
  protected readonly isDeleted = computed(() => this.description().deletedAt !== null);
  protected readonly tasks = computed(() => [...this.description().tasks].sort((a, b) => a.order - b.order));
  protected readonly isBusy = signal(false);
  private readonly baseline = signal<JobDescriptionDto | null>(null);
  protected readonly remoteVersion = signal<JobDescriptionDto | null>(null);

  protected readonly titleMax = TITLE_MAX_LENGTH;
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    title: ['', [Validators.required, Validators.maxLength(TITLE_MAX_LENGTH)]],
    tags: [[] as string[]],
    readOnlyForEditors: [false],
    frameworkData: createFrameworkDataForm(this.fb),
  });

  constructor() {
    effect(() => {
      const description = this.description();
      untracked(() => this.onStoreVersion(description));
    });
    effect(() => {
      const canEdit = this.isEditing() && !this.isDeleted();
      const canEditAdminFields = canEdit && this.isAdmin();
      untracked(() => {
        const { title, tags, frameworkData, readOnlyForEditors } = this.form.controls;
        for (const control of [title, tags, frameworkData]) {
          if (canEdit) control.enable();
          else control.disable();
        }
        if (canEditAdminFields) readOnlyForEditors.enable();
        else readOnlyForEditors.disable();
      });
    });
  }

  ngOnDestroy(): void {
    // The workspace keeps its own lock on the open description; only a panel-only lock is released.
    if (this.isEditing() && !this.isOpenInWorkspace())
      this.locks.release('JobDescription', this.description().id).subscribe();
  }

  protected async onOpened(): Promise<void> {
    this.expandedChange.emit(true);
    this.fillForm(this.description());
    if (!this.isDeleted()) await this.requestEdit();
  }

  protected async onClosed(): Promise<void> {
    this.expandedChange.emit(false);
    if (!this.isEditing()) return;
    if (this.form.dirty && this.form.valid) {
      const shouldSave = await confirm(this.dialog, {
        title: 'Save changes?',
        message: `You changed "${this.description().title}". Save before closing? Otherwise the changes are discarded.`,
        confirmLabel: 'Save',
      });
      if (shouldSave) await this.save();
    }
    this.fillForm(this.description());
    if (!this.isOpenInWorkspace()) this.locks.release('JobDescription', this.description().id).subscribe();
  }

  protected async requestEdit(): Promise<void> {
    const { id, title } = this.description();
    await this.lockFlow.acquireForEditing('JobDescription', id, `the job description "${title}"`);
  }

  protected async save(): Promise<void> {
    const baseline = this.baseline();
    if (!baseline || this.form.invalid) return;
    const value = this.form.getRawValue();
    const change: UpdateJobDescriptionRequest = {};
    if (value.title.trim() !== baseline.title) change.title = value.title.trim();
    if (value.tags.join('\n') !== baseline.tags.join('\n')) change.tags = value.tags;
    if (this.isAdmin() && value.readOnlyForEditors !== baseline.readOnlyForEditors) {
      change.readOnlyForEditors = value.readOnlyForEditors;
    }
    const frameworkChange = changedFrameworkData(value.frameworkData, baseline.frameworkData);
    await this.run(async () => {
      let saved = baseline;
      if (Object.keys(change).length > 0) saved = await firstValueFrom(this.store.update(baseline.id, change));
      if (Object.keys(frameworkChange).length > 0) {
        saved = await firstValueFrom(this.store.updateFrameworkData(baseline.id, frameworkChange));
      }
      this.fillForm(saved);
    });
  }

  protected discard(): void {
    this.fillForm(this.description());
  }

  protected async openInWorkspace(): Promise<void> {
    await this.workspaceActions.openInWorkspace(this.description().id);
  }

  protected async softDelete(): Promise<void> {
    const description = this.description();
    const isConfirmed = await confirm(this.dialog, {
      title: 'Delete job description?',
      message: `Delete "${description.title}"? An admin can restore it.`,
      confirmLabel: 'Delete',
      isDestructive: true,
    });
    if (!isConfirmed) return;
    await this.run(async () => {
      await firstValueFrom(this.store.softDelete(description.id));
      this.locks.release('JobDescription', description.id).subscribe();
    });
  }

  protected async restore(): Promise<void> {
    await this.run(async () => {
      await firstValueFrom(this.store.restore(this.description().id));
    });
  }

  protected async permanentlyDelete(): Promise<void> {
    const description = this.description();
    const isConfirmed = await confirm(this.dialog, {
      title: 'Delete permanently?',
      message: `"${description.title}", its task assignments and framework data will be removed for good. This cannot be undone.`,
      confirmLabel: 'Delete permanently',
      isDestructive: true,
    });
    if (isConfirmed) await this.run(async () => firstValueFrom(this.store.permanentlyDelete(description.id)));
  }

  protected async breakLock(): Promise<void> {
    const { id, title } = this.description();
    await this.lockFlow.breakLock('JobDescription', id, `the job description "${title}"`);
  }

  private onStoreVersion(description: JobDescriptionDto): void {
    const action = remoteChangeAction(this.baseline(), description, hasUnsavedInput(this.form));
    if (action === 'refill') this.fillForm(description);
    if (action === 'warn') this.remoteVersion.set(description);
  }

  private fillForm(description: JobDescriptionDto): void {
    this.baseline.set(description);
    this.remoteVersion.set(null);
    this.form.reset({
      title: description.title,
      tags: [...description.tags],
      readOnlyForEditors: description.readOnlyForEditors,
      frameworkData: frameworkFormValue(description.frameworkData),
    });
  }

  private async run(action: () => Promise<unknown>): Promise<void> {
    this.isBusy.set(true);
    try {
      await action();
    } catch {
      // Shown to the user by the error interceptor.
    } finally {
      this.isBusy.set(false);
    }
  }
}
