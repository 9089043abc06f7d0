import {
  Directive,
  OnDestroy,
  Signal,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { FormGroup } from '@angular/forms';
import { MatDialog } from '@angular/material/dialog';
import type { AuditFields, LockEntityType } from '@tdgen/contracts';
import { RECORD_NAMES, lockKey } from '@tdgen/contracts';
import { firstValueFrom, switchMap } from 'rxjs';
import { CurrentUserService } from '../../core/auth/current-user.service';
import { CLIENT_ID } from '../../core/client-id';
import { ConnectivityService } from '../../core/connectivity.service';
import { EditingRegistry } from '../locks/editing-registry';
import { LockFlowService } from '../locks/lock-flow.service';
import type { CatalogueStore } from '../../stores/catalogue.store';
import { LockStore } from '../../stores/lock.store';
import { hasUnsavedInput, remoteChangeAction } from './editable-record';
import type { RecordAction, RecordStatus } from './record-actions.component';
import { confirm } from './record-dialogs';

type PanelRecord = Pick<AuditFields, 'updatedAt' | 'deletedAt'> & { id: number; title: string };

/**
 * What a record's panel in a management accordion does, whatever the record (docs/product.md § Web app):
 * expanding shows it read-only — reading never locks; "Edit" (or a panel opened to edit, e.g. a
 * record just created) takes the lock, and the conflict is shown then; saving, "Done" or
 * collapsing ends the editing and releases the lock (collapsing offers to save first); only the
 * lock holder edits; a newer version from elsewhere refills a clean form and is announced over
 * unsaved input; restore and break lock are admin actions.
 * Subclasses name the record input, build the form and say how a record fills it and what a save sends.
 */
@Directive()
export abstract class RecordPanel<T extends PanelRecord> implements OnDestroy {
  protected readonly locks = inject(LockStore);
  protected readonly lockFlow = inject(LockFlowService);
  protected readonly dialog = inject(MatDialog);
  private readonly clientId = inject(CLIENT_ID);
  private readonly auth = inject(CurrentUserService);
  protected readonly isAdmin = toSignal(this.auth.isAdmin$, { initialValue: false });
  /** Why changes are paused (no live connection); null while they are possible. */
  protected readonly pausedReason = inject(ConnectivityService).pausedReason;

  readonly isExpanded = input(false);
  readonly isHighlighted = input(false);
  /** Opened to change the record (just created, or "Edit task" elsewhere): take the lock on opening. */
  readonly isOpenedToEdit = input(false);
  readonly expandedChange = output<boolean>();

  protected abstract readonly store: CatalogueStore<T>;
  protected abstract readonly form: FormGroup;
  /** The record shown (the subclass's required input). */
  protected abstract readonly record: Signal<T>;

  protected readonly lock = toSignal(
    toObservable(computed(() => this.record().id)).pipe(switchMap((id) => this.locks.lock$(this.entityType, id))),
    { initialValue: null },
  );
  protected readonly isEditing = computed(() => this.lock()?.clientId === this.clientId);
  protected readonly isLockedByOther = computed(() => !!this.lock() && !this.isEditing());
  /** The lock is this user's own, held by another tab: "You, in another tab — take over here". */
  protected readonly isMineElsewhere = computed(
    () => this.isLockedByOther() && this.lock()?.holder.id === this.auth.currentUser?.id,
  );
  protected readonly isDeleted = computed(() => this.record().deletedAt !== null);
  protected readonly isBusy = signal(false);
  protected readonly status = computed<RecordStatus>(() => ({
    isAdmin: this.isAdmin(),
    isLockedByOther: this.isLockedByOther(),
    isDeleted: this.isDeleted(),
    isEditing: this.isEditing(),
    isBusy: this.isBusy(),
    pausedReason: this.pausedReason(),
  }));
  /** The version the form was filled from; a newer store version while dirty shows a warning. */
  protected readonly baseline = signal<T | null>(null);
  protected readonly remoteVersion = signal<T | null>(null);

  /** @param entityType the lock's record type */
  // eslint-disable-next-line @angular-eslint/prefer-inject -- a value from the subclass, not a dependency
  protected constructor(private readonly entityType: LockEntityType) {
    effect(() => {
      const record = this.record();
      untracked(() => this.onStoreVersion(record));
    });
    // While this tab edits, the handover prompt can save or drop the unsaved input (docs/product.md § Locks).
    const editors = inject(EditingRegistry);
    effect((onCleanup) => {
      if (!this.isEditing()) return;
      const key = lockKey(this.entityType, this.record().id);
      onCleanup(
        editors.register(key, {
          hasUnsavedChanges: () => hasUnsavedInput(this.form) && this.form.valid,
          saveKeepingLock: () => this.saveKeepingLock(),
          discardChanges: () => this.discard(),
        }),
      );
    });
    effect(() => {
      const canEdit = this.isEditing() && !this.isDeleted();
      const canEditAdminFields = canEdit && this.isAdmin();
      untracked(() => this.enableControls(canEdit, canEditAdminFields));
    });
  }

  /** Fills the form from a record (after reset(), the form is pristine). */
  protected abstract formValueOf(record: T): Record<string, unknown>;
  /** Sends the form's changes against the baseline; resolves with the saved record. */
  protected abstract saveChanges(baseline: T): Promise<T>;
  /** Enables what the user may edit now: the lock holder's fields, and the admin's. */
  protected abstract enableControls(canEdit: boolean, canEditAdminFields: boolean): void;
  /** What a soft delete means beyond the record itself, one sentence or ''. */
  protected abstract softDeleteNote(record: T): Promise<string>;
  /** The sentence saying what a permanent delete removes. */
  protected abstract permanentDeleteWarning(record: T): Promise<string>;

  /** False while something else (the open workspace) keeps the lock when the panel lets go. */
  protected releasesLockOnClose(): boolean {
    return true;
  }

  ngOnDestroy(): void {
    if (this.isEditing() && this.releasesLockOnClose()) this.releaseLock();
  }

  /** A button of the action row. */
  protected onAction(action: RecordAction): void {
    switch (action) {
      case 'break-lock':
        return void this.breakLock();
      case 'restore':
        return void this.restore();
      case 'delete-permanently':
        return void this.permanentlyDelete();
      case 'delete':
        return void this.softDelete();
      case 'finish':
        return this.finishEditing();
      case 'save':
        return void this.save();
    }
  }

  protected async onOpened(): Promise<void> {
    this.expandedChange.emit(true);
    this.fillForm(this.record());
    if (this.isOpenedToEdit() && !this.isDeleted()) await this.requestEdit();
  }

  protected async onClosed(): Promise<void> {
    this.expandedChange.emit(false);
    if (!this.isEditing()) return;
    if (this.form.dirty && this.form.valid) {
      const shouldSave = await confirm(this.dialog, {
        title: 'Save changes?',
        message: `You changed "${this.record().title}". Save before closing? Otherwise the changes are discarded.`,
        confirmLabel: 'Save',
      });
      if (shouldSave) await this.save();
    }
    this.fillForm(this.record());
    this.stopEditing();
  }

  protected async requestEdit(): Promise<void> {
    await this.lockFlow.acquireForEditing(this.entityType, this.record().id, this.describe());
  }

  /** Saves and ends the editing: the lock is released once the change is stored. */
  protected async save(): Promise<void> {
    const baseline = this.baseline();
    if (!baseline || this.form.invalid) return;
    await this.run(async () => {
      this.fillForm(await this.saveChanges(baseline));
      this.stopEditing();
    });
  }

  /** Stores the unsaved input and keeps the lock (before a handover); false when it failed. */
  private async saveKeepingLock(): Promise<boolean> {
    const baseline = this.baseline();
    if (!baseline || this.form.invalid) return false;
    try {
      this.fillForm(await this.saveChanges(baseline));
      return true;
    } catch {
      return false; // Explained by the error interceptor.
    }
  }

  /** Ends the editing without saving: drops unsaved input and releases the lock. */
  protected finishEditing(): void {
    this.fillForm(this.record());
    this.stopEditing();
  }

  /** Input made under a lock this tab may have lost since: kept in the form until saved or dropped. */
  protected hasUnsavedEdits(): boolean {
    return hasUnsavedInput(this.form);
  }

  /** Drops unsaved input (also "load their version" after a remote change): the form shows the store's record. */
  protected discard(): void {
    this.fillForm(this.record());
  }

  /** Asks, then soft-deletes and lets go of the lock. */
  protected async softDelete(): Promise<void> {
    const record = this.record();
    await this.run(async () => {
      const note = await this.softDeleteNote(record);
      const isConfirmed = await confirm(this.dialog, {
        title: `Delete ${RECORD_NAMES[this.entityType]}?`,
        message: `Delete "${record.title}"? ${note ? `${note} ` : ''}An admin can restore it.`,
        confirmLabel: 'Delete',
        isDestructive: true,
      });
      if (!isConfirmed) return;
      await firstValueFrom(this.store.softDelete(record.id));
      this.locks.release(this.entityType, record.id).subscribe();
    });
  }

  protected async restore(): Promise<void> {
    await this.run(async () => {
      await firstValueFrom(this.store.restore(this.record().id));
    });
  }

  /** Admin: asks, then deletes for good. */
  protected async permanentlyDelete(): Promise<void> {
    const record = this.record();
    await this.run(async () => {
      const isConfirmed = await confirm(this.dialog, {
        title: 'Delete permanently?',
        message: `${await this.permanentDeleteWarning(record)} This cannot be undone.`,
        confirmLabel: 'Delete permanently',
        isDestructive: true,
      });
      if (isConfirmed) await firstValueFrom(this.store.permanentlyDelete(record.id));
    });
  }

  protected async breakLock(): Promise<void> {
    await this.lockFlow.breakLock(this.entityType, this.record().id, this.describe());
  }

  /** Runs an action with the panel marked busy; failures were already explained by the interceptor. */
  protected async run(action: () => Promise<unknown>): Promise<void> {
    this.isBusy.set(true);
    try {
      await action();
    } catch {
      // Shown to the user by the error interceptor.
    } finally {
      this.isBusy.set(false);
    }
  }

  private describe(): string {
    return `the ${RECORD_NAMES[this.entityType]} "${this.record().title}"`;
  }

  private stopEditing(): void {
    if (this.isEditing() && this.releasesLockOnClose()) this.releaseLock();
  }

  private releaseLock(): void {
    this.locks.release(this.entityType, this.record().id).subscribe();
  }

  private onStoreVersion(record: T): void {
    const action = remoteChangeAction(this.baseline(), record, hasUnsavedInput(this.form));
    if (action === 'refill') this.fillForm(record);
    if (action === 'warn') this.remoteVersion.set(record);
  }

  private fillForm(record: T): void {
    this.baseline.set(record);
    this.remoteVersion.set(null);
    this.form.reset(this.formValueOf(record));
  }
}
