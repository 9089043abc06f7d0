import { ChangeDetectionStrategy, Component, DestroyRef, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatDialog, type MatDialogRef } from '@angular/material/dialog';
import type { HandoverRequestDto, LockDto, LockEntityType, LockOfferDto } from '@tdgen/contracts';
import { HANDED_OVER_REASON, HANDOVER_DECLINED_REASON, RECORD_NAMES, lockKey, type LockKey } from '@tdgen/contracts';
import { firstValueFrom, throttleTime } from 'rxjs';
import { AppConfigService } from '../../core/config/app-config.service';
import { NotificationService } from '../../core/notification.service';
import { JobDescriptionsStore } from '../../stores/job-descriptions.store';
import { JobTasksStore } from '../../stores/job-tasks.store';
import { LockNegotiationStore, type HandoverOutcome } from '../../stores/lock-negotiation.store';
import { LockStore } from '../../stores/lock.store';
import { EditingRegistry } from './editing-registry';
import {
  HandoverPromptDialogComponent,
  type HandoverPromptChoice,
  type HandoverPromptDialogData,
} from './handover-prompt-dialog.component';
import {
  LockExpiryWarningDialogComponent,
  type LockExpiryWarningDialogData,
} from './lock-expiry-warning-dialog.component';
import {
  LockOfferDialogComponent,
  type LockOfferChoice,
  type LockOfferDialogData,
} from './lock-offer-dialog.component';
import { TabActivityService } from '../../core/tab-activity.service';

/** How often the holder's tab reports input to the server at most (the handover's idle rule). */
const ACTIVITY_REPORT_MS = 10_000;

/**
 * The parts of a lock negotiation that are not tied to one screen (docs/product.md § Locks),
 * rendered once in the shell: the holder's handover prompt, the outcome of this tab's own
 * request, the offer when its turn in a line came, and the warning before an idle tab's lock
 * runs out. Reports the holder's input so an idle tab hands over by itself.
 */
@Component({
  selector: 'td-lock-negotiation-host',
  template: '',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LockNegotiationHostComponent {
  private readonly dialog = inject(MatDialog);
  private readonly locks = inject(LockStore);
  private readonly negotiation = inject(LockNegotiationStore);
  private readonly editors = inject(EditingRegistry);
  private readonly notifications = inject(NotificationService);
  private readonly config = inject(AppConfigService);
  private readonly tasks = inject(JobTasksStore);
  private readonly descriptions = inject(JobDescriptionsStore);

  private readonly prompts = new Map<string, MatDialogRef<HandoverPromptDialogComponent, HandoverPromptChoice>>();
  private readonly offers = new Map<string, MatDialogRef<LockOfferDialogComponent, LockOfferChoice>>();
  private readonly warnings = new Map<
    LockKey,
    { expiresAt: string; ref: MatDialogRef<LockExpiryWarningDialogComponent, boolean> }
  >();

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.negotiation.incomingRequests$
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe((requests) => this.syncPrompts(requests));
    this.negotiation.myOffers$.pipe(takeUntilDestroyed(destroyRef)).subscribe((offers) => this.syncOffers(offers));
    this.negotiation.outcomes$
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe((outcome) => this.notifications.important(this.describeOutcome(outcome)));
    this.negotiation.linesCleared$
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(({ entityType, entityId, by }) =>
        this.notifications.important(`${by} cleared the line for ${this.label(entityType, entityId)}.`),
      );
    inject(TabActivityService)
      .input$.pipe(throttleTime(ACTIVITY_REPORT_MS), takeUntilDestroyed(destroyRef))
      .subscribe(() => {
        for (const lock of this.locks.heldByMe()) this.negotiation.reportActivity(lock.entityType, lock.entityId);
      });
    const timer = setInterval(() => this.checkExpiries(), 1000);
    destroyRef.onDestroy(() => clearInterval(timer));
  }

  private syncPrompts(requests: HandoverRequestDto[]): void {
    const open = new Set(requests.map(requestId));
    for (const [id, ref] of this.prompts) if (!open.has(id)) ref.close();
    for (const request of requests) {
      const id = requestId(request);
      if (this.prompts.has(id)) continue;
      const key = lockKey(request.entityType, request.entityId);
      const editor = this.editors.get(key);
      const ref = this.dialog.open<HandoverPromptDialogComponent, HandoverPromptDialogData, HandoverPromptChoice>(
        HandoverPromptDialogComponent,
        {
          data: {
            request,
            recordLabel: this.label(request.entityType, request.entityId),
            hasUnsavedChanges: editor?.hasUnsavedChanges() ?? false,
          },
          width: '480px',
        },
      );
      this.prompts.set(id, ref);
      ref.afterClosed().subscribe((choice) => {
        this.prompts.delete(id);
        if (choice) void this.answer(request, choice);
      });
    }
  }

  private async answer(request: HandoverRequestDto, choice: HandoverPromptChoice): Promise<void> {
    const { entityType, entityId } = request;
    if (!this.locks.isHeldByMe(entityType, entityId)) return; // passed by itself meanwhile
    try {
      if (choice === 'keep') {
        await firstValueFrom(this.negotiation.decline(entityType, entityId));
        return;
      }
      const editor = this.editors.get(lockKey(entityType, entityId));
      if (choice === 'discard') editor?.discardChanges();
      if (choice === 'hand-over' && editor?.hasUnsavedChanges() && !(await editor.saveKeepingLock())) return;
      await firstValueFrom(this.negotiation.accept(entityType, entityId));
      this.notifications.info(
        `You handed ${this.label(entityType, entityId)} over to ${request.requester.displayName}.`,
      );
    } catch {
      // The error interceptor has explained it (e.g. the request was withdrawn meanwhile).
    }
  }

  private syncOffers(offers: LockOfferDto[]): void {
    const open = new Set(offers.map(offerId));
    for (const [id, ref] of this.offers) if (!open.has(id)) ref.close();
    for (const offer of offers) {
      const id = offerId(offer);
      if (this.offers.has(id)) continue;
      const ref = this.dialog.open<LockOfferDialogComponent, LockOfferDialogData, LockOfferChoice>(
        LockOfferDialogComponent,
        { data: { offer, recordLabel: this.label(offer.entityType, offer.entityId) }, width: '440px' },
      );
      this.offers.set(id, ref);
      ref.afterClosed().subscribe((choice) => {
        this.offers.delete(id);
        if (choice === 'take') void this.take(offer);
        if (choice === 'pass') this.negotiation.leave(offer.entityType, offer.entityId).subscribe();
      });
    }
  }

  private async take({ entityType, entityId }: LockOfferDto): Promise<void> {
    try {
      const outcome = await firstValueFrom(this.locks.acquire(entityType, entityId));
      if (outcome.kind === 'acquired')
        this.notifications.info(`You are editing ${this.label(entityType, entityId)} now.`);
      else this.notifications.info(`${this.label(entityType, entityId)} is no longer reserved for you.`);
    } catch (error: unknown) {
      this.notifications.error(error, 'Could not lock the record for editing');
    }
  }

  /** Warns shortly before a held lock ends (an idle tab is not refreshed automatically). */
  private checkExpiries(): void {
    const warningMs = this.config.value.lock.expiryWarningMs;
    const held = new Map(this.locks.heldByMe().map((lock) => [lockKey(lock.entityType, lock.entityId), lock]));
    for (const [key, warning] of this.warnings) {
      const lock = held.get(key);
      if (lock && lock.expiresAt === warning.expiresAt) continue;
      // Refreshed (a new expiry gets its own warning) or ended (the form keeps the input).
      warning.ref.close();
      this.warnings.delete(key);
    }
    const now = Date.now();
    for (const [key, lock] of held) {
      const left = Date.parse(lock.expiresAt) - now;
      if (left > warningMs || left <= 0 || this.warnings.has(key)) continue;
      this.warn(key, lock);
    }
  }

  private warn(key: LockKey, lock: LockDto): void {
    const ref = this.dialog.open<LockExpiryWarningDialogComponent, LockExpiryWarningDialogData, boolean>(
      LockExpiryWarningDialogComponent,
      { data: { lock, recordLabel: this.label(lock.entityType, lock.entityId) }, width: '440px' },
    );
    this.warnings.set(key, { expiresAt: lock.expiresAt, ref });
    // "Not now" leaves the entry: not asked again for this expiry.
    ref.afterClosed().subscribe((isKept) => {
      if (isKept) this.locks.refresh(lock.entityType, lock.entityId).subscribe();
    });
  }

  private describeOutcome({ request, kind, reason }: HandoverOutcome): string {
    const record = this.label(request.entityType, request.entityId);
    const holder = request.holder.displayName;
    if (kind === 'handed-over') {
      if (reason === HANDED_OVER_REASON.accepted) return `${holder} handed ${record} over to you: you can edit it now.`;
      return `${record} passed to you (${holder} ${reason === HANDED_OVER_REASON.idle ? 'was away' : 'did not answer'}): you can edit it now.`;
    }
    switch (reason) {
      case HANDOVER_DECLINED_REASON.declined:
        return `${holder} keeps editing ${record}. Use "Notify me when free" to wait in line.`;
      case HANDOVER_DECLINED_REASON.noAnswer:
        return `${holder} is still working on ${record} and did not answer. Use "Notify me when free" to wait in line.`;
      case HANDOVER_DECLINED_REASON.lockEnded:
        return `The lock on ${record} ended before ${holder} answered; it may be free now.`;
      default:
        return `Your request for ${record} ended.`;
    }
  }

  private label(entityType: LockEntityType, entityId: number): string {
    const store = entityType === 'JobTask' ? this.tasks : this.descriptions;
    return `the ${RECORD_NAMES[entityType]} "${store.get(entityId)?.title ?? `#${entityId}`}"`;
  }
}

function requestId(request: HandoverRequestDto): string {
  return `${request.entityType}:${request.entityId}:${request.requestedAt}`;
}

function offerId(offer: LockOfferDto): string {
  return `${offer.entityType}:${offer.entityId}:${offer.offeredAt}`;
}
