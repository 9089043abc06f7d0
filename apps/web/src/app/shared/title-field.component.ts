import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TITLE_MAX_LENGTH } from '@tdgen/contracts';
import { controlSignals } from './control-signals';

/** A record's title input with its length counter and "required" error, bound to a string form control. */
@Component({
  selector: 'td-title-field',
  imports: [MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    <mat-form-field appearance="outline" class="title">
      <mat-label i18n>Title</mat-label>
      <input matInput [formControl]="control()" [maxlength]="maxLength" [attr.data-testid]="testId()" />
      <mat-hint align="end">{{ state.value()?.length ?? 0 }} / {{ maxLength }}</mat-hint>
      @if (control().hasError('required')) {
        <mat-error i18n>A title is required</mat-error>
      }
    </mat-form-field>
  `,
  styles: `
    .title {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TitleFieldComponent {
  readonly control = input.required<FormControl<string>>();
  readonly testId = input.required<string>();
  protected readonly maxLength = TITLE_MAX_LENGTH;
  protected readonly state = controlSignals(() => this.control());
}
