import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import type { JobDescriptionDto } from '@tdgen/contracts';
import { DocumentExportDialogComponent, type DocumentExportDialogData } from './document-export-dialog.component';

/** Opens the choice of descriptions for a ZIP of PDFs. */
@Component({
  selector: 'td-document-export-button',
  imports: [MatButtonModule, MatIconModule],
  template: `
    <button mat-stroked-button (click)="open()" [disabled]="descriptions().length === 0" data-testid="export-documents">
      <mat-icon svgIcon="folder_zip"></mat-icon><ng-container i18n>Download PDFs</ng-container>
    </button>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DocumentExportButtonComponent {
  private readonly dialog = inject(MatDialog);
  readonly descriptions = input.required<JobDescriptionDto[]>();
  readonly tags = input.required<string[]>();

  protected open(): void {
    this.dialog.open<DocumentExportDialogComponent, DocumentExportDialogData>(DocumentExportDialogComponent, {
      data: { descriptions: this.descriptions(), tags: this.tags() },
      autoFocus: 'dialog',
    });
  }
}
