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

  async acquireForEditing(entityType: LockEntityType, entityId: number, recordLabel: string): Promise<boolean> {
    const outcome = await this.attempt(this.locks.acquire(entityType, entityId));
    if (!outcome) return false;
    if (outcome.kind === 'acquired') return true;

    const choice = await this.askAboutConflict({
      recordLabel,
      lock: outcome.lock,
      isHeldBySelfElsewhere: outcome.isHeldBySelfElsewhere,
      isAdmin: this.auth.isAdmin,
      offer: outcome.offer ?? null,
    });
    if (choice === 'ask-handover' && outcome.lock) {
      return this.askForHandover(entityType, entityId, recordLabel, outcome.lock.holder.displayName);
    }
    if (choice === 'notify-me') return this.waitInLine(entityType, entityId, recordLabel);
    if (choice === 'take-over') {
      return this.acquiredAfter(await this.attempt(this.locks.acquire(entityType, entityId, true)), recordLabel);
    }
    if (choice === 'break') {
      const isBroken = await this.breakLock(entityType, entityId, recordLabel);
      if (!isBroken) return false;
      return this.acquiredAfter(await this.attempt(this.locks.acquire(entityType, entityId)), recordLabel);
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
    recordLabel: string,
    holderName: string,
  ): Promise<boolean> {
    const message = await firstValueFrom(
      this.dialog
        .open<TextPromptDialogComponent, TextPromptDialogData, string>(TextPromptDialogComponent, {
          data: {
            title: `Ask ${holderName} to hand over ${recordLabel}`,
            label: 'Message (optional)',
            confirmLabel: 'Ask',
            maxLength: HANDOVER_MESSAGE_MAX_LENGTH,
            isRequired: false,
            hint: `${holderName} can hand over or keep editing; if they are away it passes to you.`,
          },
        })
        .afterClosed(),
    );
    if (message === undefined) return false;
    try {
      const lock = await firstValueFrom(this.negotiation.requestHandover(entityType, entityId, message));
      if (lock) {
        this.notifications.info(`${holderName} was away: ${recordLabel} passed to you.`);
        return true;
      }
      this.notifications.info(`Asked ${holderName}. You can edit as soon as they hand over.`);
    } catch {
      // The interceptor has explained it (e.g. someone else asked first: wait in line instead).
    }
    return false;
  }

  /** "Notify me when free": joins the record's line and says the place. */
  async waitInLine(entityType: LockEntityType, entityId: number, recordLabel: string): Promise<boolean> {
    try {
      const line = await firstValueFrom(this.negotiation.join(entityType, entityId));
      const place = this.negotiation.positionOf(line) ?? line.waiting.length;
      this.notifications.info(
        `You are number ${place} in line for ${recordLabel}; you will be told when it is your turn.`,
      );
    } catch {
      // Explained by the interceptor (e.g. it became free meanwhile: edit it).
    }
    return false;
  }

  /** Admin: asks for an optional reason and breaks the lock; true when it was broken. */
  async breakLock(entityType: LockEntityType, entityId: number, recordLabel: string): Promise<boolean> {
    const reason = await firstValueFrom(
      this.dialog
        .open<TextPromptDialogComponent, TextPromptDialogData, string>(TextPromptDialogComponent, {
          data: {
            title: `Break the lock on ${recordLabel}?`,
            label: 'Reason (shown to the holder)',
            confirmLabel: 'Break lock',
            maxLength: BREAK_REASON_MAX_LENGTH,
            isRequired: false,
            hint: 'Their unsaved changes cannot be saved afterwards.',
          },
        })
        .afterClosed(),
    );
    if (reason === undefined) return false;
    try {
      await firstValueFrom(this.locks.breakLock(entityType, entityId, reason || undefined));
      this.notifications.info(`The lock on ${recordLabel} was broken.`);
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

  private acquiredAfter(outcome: AcquireOutcome | null, recordLabel: string): boolean {
    if (outcome?.kind === 'acquired') return true;
    if (outcome?.kind === 'conflict') {
      const holder = outcome.lock?.holder.displayName ?? 'someone else';
      this.notifications.info(`${recordLabel} was locked again by ${holder} in the meantime.`);
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
        this.notifications.error(error, 'Could not lock the record for editing');
      }
      return null;
    }
  }
}
