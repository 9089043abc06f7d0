import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import type { JobDescriptionDto } from '@tdgen/contracts';
import { archiveUrl } from './document-links';

export interface DocumentExportDialogData {
  /** The descriptions the list shows (its filters applied). */
  descriptions: JobDescriptionDto[];
  tags: string[];
}

/** Chooses the descriptions of a ZIP of PDFs: some of the listed ones, or every one carrying a tag. */
@Component({
  selector: 'td-document-export-dialog',
  imports: [
    FormsModule,
    MatButtonModule,
    MatDialogModule,
    MatIconModule,
    MatListModule,
    MatRadioModule,
    MatSelectModule,
  ],
  template: `
    <h2 mat-dialog-title i18n>Download PDFs as ZIP</h2>
    <mat-dialog-content class="export">
      <mat-radio-group [(ngModel)]="mode" aria-label="Which descriptions" i18n-aria-label>
        <mat-radio-button value="selected" data-testid="export-mode-selected" i18n>
          Selected descriptions ({{ selectedIds().length }})
        </mat-radio-button>
        <mat-radio-button value="tag" [disabled]="data.tags.length === 0" data-testid="export-mode-tag" i18n>
          Every description carrying a tag
        </mat-radio-button>
      </mat-radio-group>
      @if (mode() === 'selected') {
        <div class="export__bulk">
          <button mat-button (click)="selectAll()" i18n>Select all</button>
          <button mat-button (click)="selectedIds.set([])" i18n>Select none</button>
        </div>
        <mat-selection-list
          class="export__list"
          [ngModel]="selectedIds()"
          (ngModelChange)="selectedIds.set($event)"
          aria-label="Descriptions"
          i18n-aria-label
          data-testid="export-selection"
        >
          @for (description of data.descriptions; track description.id) {
            <mat-list-option [value]="description.id" togglePosition="before">
              @if (description.deletedAt) {
                <ng-container i18n>{{ description.title }} (deleted)</ng-container>
              } @else {
                {{ description.title }}
              }
            </mat-list-option>
          }
        </mat-selection-list>
      } @else {
        <mat-form-field class="export__tag">
          <mat-label i18n>Tag</mat-label>
          <mat-select [(ngModel)]="tag" data-testid="export-tag">
            @for (option of data.tags; track option) {
              <mat-option [value]="option">{{ option }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close i18n>Cancel</button>
      @if (href(); as link) {
        <a mat-flat-button [href]="link" download mat-dialog-close data-testid="export-download">
          <mat-icon svgIcon="folder_zip"></mat-icon><ng-container i18n>Download ZIP</ng-container>
        </a>
      } @else {
        <button mat-flat-button disabled data-testid="export-download">
          <mat-icon svgIcon="folder_zip"></mat-icon><ng-container i18n>Download ZIP</ng-container>
        </button>
      }
    </mat-dialog-actions>
  `,
  styles: `
    .export {
      display: flex;
      flex-direction: column;
      gap: 8px;
      min-width: min(480px, 80vw);
    }
    .export__list {
      max-height: 50vh;
      overflow: auto;
    }
    .export__tag {
      width: 100%;
      margin-top: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DocumentExportDialogComponent {
  protected readonly data = inject<DocumentExportDialogData>(MAT_DIALOG_DATA);
  protected readonly mode = signal<'selected' | 'tag'>('selected');
  protected readonly selectedIds = signal<number[]>([]);
  protected readonly tag = signal<string | null>(null);
  protected readonly href = computed(() => {
    if (this.mode() === 'tag') {
      const tag = this.tag();
      return tag ? archiveUrl({ tag }) : null;
    }
    const ids = this.selectedIds();
    return ids.length > 0 ? archiveUrl({ ids }) : null;
  });

  protected selectAll(): void {
    this.selectedIds.set(this.data.descriptions.map((d) => d.id));
  }
}
