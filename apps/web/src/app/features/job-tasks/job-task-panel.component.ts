import { DatePipe } from '@angular/common';
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
import { MatSelectModule } from '@angular/material/select';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { JobTaskDto, UpdateJobTaskRequest } from '@tdgen/contracts';
import { PAY_GROUP_MAX, PAY_GROUP_MIN, TITLE_MAX_LENGTH } from '@tdgen/contracts';
import { firstValueFrom, switchMap } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { CLIENT_ID } from '../../core/client-id';
import { LockFlowService } from '../../core/locks/lock-flow.service';
import { LockBadgeComponent } from '../../shared/lock-badge.component';
import { RichTextEditorComponent } from '../../shared/rich-text/rich-text-editor.component';
import { TagInputComponent } from '../../shared/tag-input.component';
import { JobTasksService } from '../../stores/job-tasks.service';
import { LockService } from '../../stores/lock.service';
import { hasUnsavedInput, remoteChangeAction } from '../shared/editable-record';
import { confirm } from '../shared/record-dialogs';

/** One task in the management accordion: expanding locks it for editing, collapsing releases (SPEC §8.4–§8.5). */
@Component({
  selector: 'td-job-task-panel',
  imports: [
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
    RichTextEditorComponent,
    TagInputComponent,
  ],
  templateUrl: './job-task-panel.component.html',
  styleUrl: '../shared/record-panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JobTaskPanelComponent implements OnDestroy {
  private readonly store = inject(JobTasksService);
  private readonly locks = inject(LockService);
  private readonly lockFlow = inject(LockFlowService);
  private readonly dialog = inject(MatDialog);
  private readonly clientId = inject(CLIENT_ID);
  protected readonly isAdmin = toSignal(inject(AuthService).isAdmin$, { initialValue: false });

  readonly task = input.required<JobTaskDto>();
  readonly isExpanded = input(false);
  readonly isHighlighted = input(false);
  readonly expandedChange = output<boolean>();

  protected readonly lock = toSignal(
    toObservable(computed(() => this.task().id)).pipe(switchMap((id) => this.locks.lock$('JobTask', id))),
    { initialValue: null },
  );
  protected readonly isEditing = computed(() => this.lock()?.clientId === this.clientId);
  protected readonly isLockedByOther = computed(() => !!this.lock() && !this.isEditing());
  protected readonly isDeleted = computed(() => this.task().deletedAt !== null);
  protected readonly isBusy = signal(false);
  /** The version the form was filled from; a newer store version while dirty shows a warning. */
  private readonly baseline = signal<JobTaskDto | null>(null);
  protected readonly remoteVersion = signal<JobTaskDto | null>(null);

  protected readonly titleMax = TITLE_MAX_LENGTH;
  protected readonly payGroups = Array.from({ length: PAY_GROUP_MAX - PAY_GROUP_MIN + 1 }, (_, i) => i + PAY_GROUP_MIN);
  protected readonly form = inject(NonNullableFormBuilder).group({
    title: ['', [Validators.required, Validators.maxLength(TITLE_MAX_LENGTH)]],
    text: [''],
    tags: [[] as string[]],
    payGroup: [null as number | null],
    readOnlyForEditors: [false],
  });

  constructor() {
    effect(() => {
      const task = this.task();
      untracked(() => this.onStoreVersion(task));
    });
    // Only the lock holder edits; pay group and the read-only flag are admin fields (SPEC §4.6).
    effect(() => {
      const canEdit = this.isEditing() && !this.isDeleted();
      const canEditAdminFields = canEdit && this.isAdmin();
      untracked(() => {
        for (const name of ['title', 'text', 'tags'] as const) this.setEnabled(name, canEdit);
        this.setEnabled('payGroup', canEditAdminFields);
        this.setEnabled('readOnlyForEditors', canEditAdminFields);
      });
    });
  }

  ngOnDestroy(): void {
    if (this.isEditing()) this.locks.release('JobTask', this.task().id).subscribe();
  }

  protected async onOpened(): Promise<void> {
    this.expandedChange.emit(true);
    this.fillForm(this.task());
    if (!this.isDeleted()) await this.requestEdit();
  }

  protected async onClosed(): Promise<void> {
    this.expandedChange.emit(false);
    if (!this.isEditing()) return;
    if (this.form.dirty && this.form.valid) {
      const shouldSave = await confirm(this.dialog, {
        title: 'Save changes?',
        message: `You changed "${this.task().title}". Save before closing? Otherwise the changes are discarded.`,
        confirmLabel: 'Save',
      });
      if (shouldSave) await this.save();
    }
    this.fillForm(this.task());
    this.locks.release('JobTask', this.task().id).subscribe();
  }

  protected async requestEdit(): Promise<void> {
    await this.lockFlow.acquireForEditing('JobTask', this.task().id, `the job task "${this.task().title}"`);
  }

  protected async save(): Promise<void> {
    const baseline = this.baseline();
    if (!baseline || this.form.invalid) return;
    const change = this.changedFields(baseline);
    if (Object.keys(change).length === 0) return this.form.markAsPristine();
    await this.run(async () => {
      const saved = await firstValueFrom(this.store.update(baseline.id, change));
      this.fillForm(saved);
    });
  }

  protected discard(): void {
    this.fillForm(this.task());
  }

  protected loadRemoteVersion(): void {
    this.fillForm(this.task());
  }

  protected async softDelete(): Promise<void> {
    const task = this.task();
    await this.run(async () => {
      const { descriptionCount } = await firstValueFrom(this.store.usage(task.id));
      const usage =
        descriptionCount === 0
          ? 'No job description uses it.'
          : `It is used in ${descriptionCount} job description${descriptionCount === 1 ? '' : 's'}, where it will be shown struck through.`;
      const isConfirmed = await confirm(this.dialog, {
        title: 'Delete job task?',
        message: `Delete "${task.title}"? ${usage} An admin can restore it.`,
        confirmLabel: 'Delete',
        isDestructive: true,
      });
      if (!isConfirmed) return;
      await firstValueFrom(this.store.softDelete(task.id));
      this.locks.release('JobTask', task.id).subscribe();
    });
  }

  protected async restore(): Promise<void> {
    await this.run(async () => {
      await firstValueFrom(this.store.restore(this.task().id));
    });
  }

  protected async permanentlyDelete(): Promise<void> {
    const task = this.task();
    await this.run(async () => {
      const { descriptionCount } = await firstValueFrom(this.store.usage(task.id));
      const isConfirmed = await confirm(this.dialog, {
        title: 'Delete permanently?',
        message: `"${task.title}" will be removed for good${descriptionCount > 0 ? `, also from ${descriptionCount} job description(s), whose shares are rebalanced` : ''}. This cannot be undone.`,
        confirmLabel: 'Delete permanently',
        isDestructive: true,
      });
      if (isConfirmed) await firstValueFrom(this.store.permanentlyDelete(task.id));
    });
  }

  protected async breakLock(): Promise<void> {
    await this.lockFlow.breakLock('JobTask', this.task().id, `the job task "${this.task().title}"`);
  }

  private onStoreVersion(task: JobTaskDto): void {
    switch (remoteChangeAction(this.baseline(), task, hasUnsavedInput(this.form))) {
      case 'refill':
        this.fillForm(task);
        break;
      case 'warn':
        this.remoteVersion.set(task);
        break;
    }
  }

  private fillForm(task: JobTaskDto): void {
    this.baseline.set(task);
    this.remoteVersion.set(null);
    this.form.reset({
      title: task.title,
      text: task.text,
      tags: [...task.tags],
      payGroup: task.payGroup,
      readOnlyForEditors: task.readOnlyForEditors,
    });
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

  /** Runs an action with the panel marked busy; failures were already explained by the interceptor. */
  private async run(action: () => Promise<void>): Promise<void> {
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
