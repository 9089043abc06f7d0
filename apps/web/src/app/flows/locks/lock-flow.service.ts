import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import type { LockEntityType } from '@tdgen/contracts';
import { BREAK_REASON_MAX_LENGTH, HANDOVER_MESSAGE_MAX_LENGTH } from '@tdgen/contracts';
import { Observable, firstValueFrom } from 'rxjs';
import { AcquireOutcome, LockStore } from '../../stores/lock.store';
import { LockNegotiationStore } from '../../stores/lock-negotiation.store';
import {
  LockConflictChoice,
  LockConflictDialogComponent,
  LockConflictDialogData,
} from '../../shared/dialogs/lock-conflict-dialog.component';
import { TextPromptDialogComponent, TextPromptDialogData } from '../../shared/dialogs/text-prompt-dialog.component';
import { CurrentUserService } from '../../core/auth/current-user.service';
import { errorCodeOf, httpStatusOf } from '../../core/http/api-error';
import { errorText } from '../../core/http/error-text';
import { NotificationService } from '../../core/notification.service';

/**
 * The lock UX of docs/product.md § Web app in one place: try to acquire; when someone else holds the lock, ask
 * (view read-only / take over / break) and carry out the answer. Resolves to true when this tab
 * may edit, false when the record stays read-only.
 */
@Injectable({ providedIn: 'root' })
export class LockFlowService {
  private readonly locks = inject(LockStore);
  private readonly dialog = inject(MatDialog);
  private readonly auth = inject(CurrentUserService);
  private readonly notifications = inject(NotificationService);
  private readonly negotiation = inject(LockNegotiationStore);

  /** @param recordTitle the title of the record, for the dialogs and messages */
  async acquireForEditing(entityType: LockEntityType, entityId: number, recordTitle: string): Promise<boolean> {
    const outcome = await this.attempt(this.locks.acquire(entityType, entityId));
    if (!outcome) return false;
    if (outcome.kind === 'acquired') return true;

    const choice = await this.askAboutConflict({
      entityType,
      recordTitle,
      lock: outcome.lock,
      isHeldBySelfElsewhere: outcome.isHeldBySelfElsewhere,
      isAdmin: this.auth.isAdmin,
      offer: outcome.offer ?? null,
    });
    if (choice === 'ask-handover' && outcome.lock) {
      return this.askForHandover(entityType, entityId, recordTitle, outcome.lock.holder.displayName);
    }
    if (choice === 'notify-me') return this.waitInLine(entityType, entityId, recordTitle);
    if (choice === 'take-over') {
      return this.acquiredAfter(
        await this.attempt(this.locks.acquire(entityType, entityId, true)),
        entityType,
        recordTitle,
      );
    }
    if (choice === 'break') {
      const isBroken = await this.breakLock(entityType, entityId, recordTitle);
      if (!isBroken) return false;
      return this.acquiredAfter(await this.attempt(this.locks.acquire(entityType, entityId)), entityType, recordTitle);
    }
    return false;
  }

  /**
   * "Ask <holder> to hand over" with an optional message (docs/product.md § Locks). True when the
   * lock passed at once (the holder was idle); otherwise the answer arrives later and the tab
   * becomes the editor by itself when the holder hands over.
   */
  async askForHandover(
    entityType: LockEntityType,
    entityId: number,
    recordTitle: string,
    holderName: string,
  ): Promise<boolean> {
    const isTask = entityType === 'JobTask';
    const message = await firstValueFrom(
      this.dialog
        .open<TextPromptDialogComponent, TextPromptDialogData, string>(TextPromptDialogComponent, {
          data: {
            title: isTask
              ? $localize`Ask ${holderName}:holder: to hand over the job task "${recordTitle}:title:"`
              : $localize`Ask ${holderName}:holder: to hand over the job description "${recordTitle}:title:"`,
            label: $localize`Message (optional)`,
            confirmLabel: $localize`Ask`,
            maxLength: HANDOVER_MESSAGE_MAX_LENGTH,
            isRequired: false,
            hint: $localize`${holderName}:holder: can hand over or keep editing; if they are away it passes to you.`,
          },
        })
        .afterClosed(),
    );
    if (message === undefined) return false;
    try {
      const lock = await firstValueFrom(this.negotiation.requestHandover(entityType, entityId, message));
      if (lock) {
        this.notifications.info(
          isTask
            ? $localize`${holderName}:holder: was away: the job task "${recordTitle}:title:" passed to you.`
            : $localize`${holderName}:holder: was away: the job description "${recordTitle}:title:" passed to you.`,
        );
        return true;
      }
      this.notifications.info($localize`Asked ${holderName}:holder:. You can edit as soon as they hand over.`);
    } catch {
      // The interceptor has explained it (e.g. someone else asked first: wait in line instead).
    }
    return false;
  }

  /** "Notify me when free": joins the record's line and says the place. */
  async waitInLine(entityType: LockEntityType, entityId: number, recordTitle: string): Promise<boolean> {
    try {
      const line = await firstValueFrom(this.negotiation.join(entityType, entityId));
      const place = this.negotiation.positionOf(line) ?? line.waiting.length;
      this.notifications.info(
        entityType === 'JobTask'
          ? $localize`You are number ${place}:place: in line for the job task "${recordTitle}:title:"; you will be told when it is your turn.`
          : $localize`You are number ${place}:place: in line for the job description "${recordTitle}:title:"; you will be told when it is your turn.`,
      );
    } catch {
      // Explained by the interceptor (e.g. it became free meanwhile: edit it).
    }
    return false;
  }

  /** Admin: asks for an optional reason and breaks the lock; true when it was broken. */
  async breakLock(entityType: LockEntityType, entityId: number, recordTitle: string): Promise<boolean> {
    const isTask = entityType === 'JobTask';
    const reason = await firstValueFrom(
      this.dialog
        .open<TextPromptDialogComponent, TextPromptDialogData, string>(TextPromptDialogComponent, {
          data: {
            title: isTask
              ? $localize`Break the lock on the job task "${recordTitle}:title:"?`
              : $localize`Break the lock on the job description "${recordTitle}:title:"?`,
            label: $localize`Reason (shown to the holder)`,
            confirmLabel: $localize`Break lock`,
            maxLength: BREAK_REASON_MAX_LENGTH,
            isRequired: false,
            hint: $localize`Their unsaved changes cannot be saved afterwards.`,
          },
        })
        .afterClosed(),
    );
    if (reason === undefined) return false;
    try {
      await firstValueFrom(this.locks.breakLock(entityType, entityId, reason || undefined));
      this.notifications.info(
        isTask
          ? $localize`The lock on the job task "${recordTitle}:title:" was broken.`
          : $localize`The lock on the job description "${recordTitle}:title:" was broken.`,
      );
      return true;
    } catch {
      return false; // The interceptor has explained the failure.
    }
  }

  private askAboutConflict(data: LockConflictDialogData): Promise<LockConflictChoice | undefined> {
    return firstValueFrom(
      this.dialog
        .open<LockConflictDialogComponent, LockConflictDialogData, LockConflictChoice>(LockConflictDialogComponent, {
          data,
          width: '480px',
        })
        .afterClosed(),
    );
  }

  private acquiredAfter(outcome: AcquireOutcome | null, entityType: LockEntityType, recordTitle: string): boolean {
    if (outcome?.kind === 'acquired') return true;
    if (outcome?.kind === 'conflict') {
      const holder = outcome.lock?.holder.displayName ?? $localize`someone else`;
      this.notifications.info(
        entityType === 'JobTask'
          ? $localize`The job task "${recordTitle}:title:" was locked again by ${holder}:holder: in the meantime.`
          : $localize`The job description "${recordTitle}:title:" was locked again by ${holder}:holder: in the meantime.`,
      );
    }
    return false;
  }

  /** Runs an acquire; explains failures other than a conflict and resolves to null for them. */
  private async attempt(request: Observable<AcquireOutcome>): Promise<AcquireOutcome | null> {
    try {
      return await firstValueFrom(request);
    } catch (error: unknown) {
      if (errorCodeOf(error) === 'RECORD_READ_ONLY') {
        this.notifications.info(errorText(error));
      } else if (httpStatusOf(error) !== 401) {
        this.notifications.error(error, $localize`Could not lock the record for editing`);
      }
      return null;
    }
  }
}
