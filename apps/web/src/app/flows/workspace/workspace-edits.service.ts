import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { JobDescriptionDto, SetPercentagesRequest } from '@tdgen/contracts';
import { EMPTY, Subject, catchError, concatMap, debounceTime, finalize, switchMap, tap } from 'rxjs';
import { NotificationService } from '../../core/notification.service';
import { JobDescriptionsStore } from '../../stores/job-descriptions.store';

/** Shares typed, dragged or stepped are saved once the user pauses this long. */
export const SHARE_SAVE_DEBOUNCE_MS = 400;

type Percentages = SetPercentagesRequest['percentages'];

interface ShareChange {
  descriptionId: number;
  percentages: Percentages;
  sequence: number;
}

/**
 * The board's changes to the open description that can be undone from the snack bar: share
 * adjustments and removing a task. Share adjustments in quick succession (key presses, a drag, a
 * typed number) become one request with the last state; until it is confirmed the board shows it.
 * Provided by the board page: its pending state lives as long as the page.
 */
@Injectable()
export class WorkspaceEditsService {
  private readonly descriptions = inject(JobDescriptionsStore);
  private readonly notifications = inject(NotificationService);

  /** Shares adjusted but not yet confirmed by the server, for the description they belong to. */
  readonly pending = signal<{ descriptionId: number; shares: number[] } | null>(null);
  private readonly changes = new Subject<ShareChange>();
  private sequence = 0;
  /** The shares in force before the first change of the current run (what "Undo" restores). */
  private before: { descriptionId: number; percentages: Percentages } | null = null;

  constructor() {
    this.changes
      .pipe(
        debounceTime(SHARE_SAVE_DEBOUNCE_MS),
        concatMap((change) => this.saveShares(change)),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe();
  }

  /** Shares for the description's tasks in order; saved after a pause, the last state wins. */
  changeShares(description: JobDescriptionDto, taskIds: readonly number[], shares: number[]): void {
    if (this.before?.descriptionId !== description.id || this.pending() === null) {
      this.before = { descriptionId: description.id, percentages: percentagesOf(description) };
    }
    this.pending.set({ descriptionId: description.id, shares });
    const percentages = taskIds.map((jobTaskId, i) => ({ jobTaskId, percentage: shares[i] }));
    this.changes.next({ descriptionId: description.id, percentages, sequence: ++this.sequence });
  }

  /** Drops a preview that no longer fits (another description opened, or changed elsewhere). */
  discardPending(): void {
    if (this.isSaving) return;
    this.pending.set(null);
  }

  /** Removes a task from the description; "Undo" puts it back where it was, with the shares as they were. */
  removeTask(description: JobDescriptionDto, jobTaskId: number, title: string): void {
    const index = [...description.tasks].sort((a, b) => a.order - b.order).findIndex((a) => a.jobTaskId === jobTaskId);
    const percentages = percentagesOf(description);
    this.descriptions.removeTask(description.id, jobTaskId).subscribe({
      next: () =>
        this.notifications.withUndo($localize`Removed "${title}:title:" from the description.`, () =>
          this.descriptions
            .addTask(description.id, jobTaskId, index)
            .pipe(switchMap(() => this.descriptions.setPercentages(description.id, { percentages })))
            .subscribe({ error: () => undefined }),
        ),
      error: () => undefined, // Explained by the error interceptor.
    });
  }

  private isSaving = false;

  private saveShares({ descriptionId, percentages, sequence }: ShareChange) {
    this.isSaving = true;
    const isLatest = () => sequence === this.sequence;
    const before = this.before;
    return this.descriptions.setPercentages(descriptionId, { percentages }).pipe(
      tap(() => {
        if (!isLatest() || !before) return;
        this.before = null;
        this.notifications.withUndo($localize`Shares saved.`, () =>
          this.descriptions
            .setPercentages(descriptionId, { percentages: before.percentages })
            .subscribe({ error: () => undefined }),
        );
      }),
      catchError(() => EMPTY), // Explained by the error interceptor; the store's version shows again.
      finalize(() => {
        if (!isLatest()) return;
        this.isSaving = false;
        this.before = null;
        this.pending.set(null);
      }),
    );
  }
}

function percentagesOf(description: JobDescriptionDto): Percentages {
  return [...description.tasks]
    .sort((a, b) => a.order - b.order)
    .map((a) => ({ jobTaskId: a.jobTaskId, percentage: a.percentage }));
}
