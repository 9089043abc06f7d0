import { MatDialog } from '@angular/material/dialog';
import { TITLE_MAX_LENGTH } from '@tdgen/contracts';
import { firstValueFrom } from 'rxjs';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../shared/dialogs/confirm-dialog.component';
import { TextPromptDialogComponent, TextPromptDialogData } from '../../shared/dialogs/text-prompt-dialog.component';

/** Asks a yes/no question; resolves true when confirmed. */
export function confirm(dialog: MatDialog, data: ConfirmDialogData): Promise<boolean> {
  return firstValueFrom(
    dialog.open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, { data }).afterClosed(),
  ).then((answer) => answer === true);
}

/** Asks for the title of a new record; resolves undefined when cancelled. */
export function promptTitle(dialog: MatDialog, title: string): Promise<string | undefined> {
  return firstValueFrom(
    dialog
      .open<TextPromptDialogComponent, TextPromptDialogData, string>(TextPromptDialogComponent, {
        data: {
          title,
          label: $localize`Title`,
          confirmLabel: $localize`Create`,
          maxLength: TITLE_MAX_LENGTH,
          isRequired: true,
        },
      })
      .afterClosed(),
  );
}
