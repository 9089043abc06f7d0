import { COMMA, ENTER } from '@angular/cdk/keycodes';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl } from '@angular/forms';
import { MatChipInputEvent, MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { TAG_MAX_LENGTH, TAGS_PER_RECORD_MAX } from '@tdgen/contracts';
import { controlSignals } from './control-signals';

/** Adds a tag unless it is empty, too long, or already present (case-insensitively). */
export function withTag(tags: readonly string[], raw: string): string[] {
  const tag = raw.trim();
  if (!tag || tag.length > TAG_MAX_LENGTH || tags.length >= TAGS_PER_RECORD_MAX) return [...tags];
  if (tags.some((t) => t.toLowerCase() === tag.toLowerCase())) return [...tags];
  return [...tags, tag];
}

/** Tag editing with Material chips, bound to a `string[]` form control. */
@Component({
  selector: 'td-tag-input',
  imports: [MatChipsModule, MatFormFieldModule, MatIconModule],
  template: `
    <mat-form-field appearance="outline" class="tags" subscriptSizing="dynamic">
      <mat-label i18n>Tags</mat-label>
      <mat-chip-grid #grid [disabled]="state.isDisabled()" aria-label="Tags" i18n-aria-label>
        @for (tag of state.value() ?? []; track tag) {
          <mat-chip-row (removed)="remove(tag)" [editable]="false">
            {{ tag }}
            @if (!state.isDisabled()) {
              <button matChipRemove [attr.aria-label]="removeLabel(tag)">
                <mat-icon svgIcon="cancel"></mat-icon>
              </button>
            }
          </mat-chip-row>
        }
        <input
          [placeholder]="state.isDisabled() ? '' : addTagPlaceholder"
          [matChipInputFor]="grid"
          [matChipInputSeparatorKeyCodes]="separators"
          [matChipInputAddOnBlur]="true"
          [attr.maxlength]="maxLength"
          (matChipInputTokenEnd)="add($event)"
          data-testid="tag-input"
        />
      </mat-chip-grid>
      <mat-hint i18n>Enter or comma adds a tag (max. {{ maxLength }} characters)</mat-hint>
    </mat-form-field>
  `,
  styles: `
    .tags {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TagInputComponent {
  protected removeLabel(tag: string): string {
    return $localize`Remove tag ${tag}:tag:`;
  }

  protected readonly addTagPlaceholder = $localize`Add a tag…`;
  readonly control = input.required<FormControl<string[]>>();
  protected readonly separators = [ENTER, COMMA];
  protected readonly maxLength = TAG_MAX_LENGTH;
  protected readonly state = controlSignals(() => this.control());

  protected add(event: MatChipInputEvent): void {
    const next = withTag(this.control().value, event.value);
    if (next.length !== this.control().value.length) {
      this.control().setValue(next);
      this.control().markAsDirty();
    }
    event.chipInput.clear();
  }

  protected remove(tag: string): void {
    this.control().setValue(this.control().value.filter((t) => t !== tag));
    this.control().markAsDirty();
  }
}
