import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { Router } from '@angular/router';
import { TITLE_MAX_LENGTH } from '@tdgen/contracts';
import { firstValueFrom } from 'rxjs';
import { TextPromptDialogComponent, TextPromptDialogData } from '../../shared/dialogs/text-prompt-dialog.component';
import { CurrentWorkspaceStore } from '../../stores/current-workspace.store';
import { JobDescriptionsStore } from '../../stores/job-descriptions.store';
import { httpStatusOf } from '../../core/http/api-error';
import { LockFlowService } from '../locks/lock-flow.service';
import { NotificationService } from '../../core/notification.service';

/** Menu-level workspace actions shared by the header, the board and the descriptions panel. */
@Injectable({ providedIn: 'root' })
export class WorkspaceActionsService {
  private readonly workspace = inject(CurrentWorkspaceStore);
  private readonly descriptions = inject(JobDescriptionsStore);
  private readonly lockFlow = inject(LockFlowService);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly notifications = inject(NotificationService);

  /** Opens a description on the board and asks for its lock (read-only without it). */
  async openInWorkspace(id: number, { navigate = true } = {}): Promise<boolean> {
    try {
      const description = await firstValueFrom(this.workspace.open(id));
      if (navigate) await this.router.navigateByUrl('/');
      return this.lockFlow.acquireForEditing('JobDescription', id, description.title);
    } catch (error: unknown) {
      if (httpStatusOf(error) !== 401) this.notifications.error(error, $localize`Could not open the job description`);
      return false;
    }
  }

  /** After a reload: reopens what this tab had open (same tab id, so a still-held lock is re-entered). */
  async reopenAfterReload(): Promise<void> {
    const id = this.workspace.storedOpenId();
    if (id === null || this.workspace.openDescriptionId !== null) return;
    await this.openInWorkspace(id, { navigate: false });
  }

  async createDescription(): Promise<void> {
    const title = await firstValueFrom(
      this.dialog
        .open<TextPromptDialogComponent, TextPromptDialogData, string>(TextPromptDialogComponent, {
          data: {
            title: $localize`New job description`,
            label: $localize`Title`,
            confirmLabel: $localize`Create`,
            maxLength: TITLE_MAX_LENGTH,
            isRequired: true,
          },
        })
        .afterClosed(),
    );
    if (!title) return;
    try {
      const created = await firstValueFrom(this.descriptions.create({ title }));
      await this.openInWorkspace(created.id);
    } catch {
      // The error interceptor has told the user (e.g. 409 duplicate title).
    }
  }

  close(): void {
    this.workspace.close();
  }
}
