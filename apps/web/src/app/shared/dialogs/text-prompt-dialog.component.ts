import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

export interface TextPromptDialogData {
  title: string;
  label: string;
  confirmLabel: string;
  initialValue?: string;
  maxLength: number;
  isRequired: boolean;
  hint?: string;
}

/** Asks for one line of text (a title, a reason); closes with the trimmed text or undefined. */
@Component({
  selector: 'td-text-prompt-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <form (ngSubmit)="submit()">
      <mat-dialog-content>
        <mat-form-field appearance="outline" class="prompt__field">
          <mat-label>{{ data.label }}</mat-label>
          <input matInput [formControl]="text" [maxlength]="data.maxLength" data-testid="prompt-input" />
          @if (data.hint) {
            <mat-hint>{{ data.hint }}</mat-hint>
          }
          <mat-hint align="end">{{ text.value.length }} / {{ data.maxLength }}</mat-hint>
          @if (text.hasError('required')) {
            <mat-error i18n>Required</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close i18n>Cancel</button>
        <button mat-flat-button type="button" (click)="submit()" data-testid="prompt-ok">
          {{ data.confirmLabel }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .prompt__field {
      width: min(420px, 70vw);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TextPromptDialogComponent {
  protected readonly data = inject<TextPromptDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<TextPromptDialogComponent, string>>(MatDialogRef);
  protected readonly text = inject(NonNullableFormBuilder).control(this.data.initialValue ?? '', [
    ...(this.data.isRequired ? [Validators.required] : []),
    Validators.maxLength(this.data.maxLength),
  ]);

  protected submit(): void {
    const value = this.text.value.trim();
    if (this.data.isRequired && !value) {
      this.text.setValue('');
      this.text.markAsTouched();
      return;
    }
    this.dialogRef.close(value);
  }
}
