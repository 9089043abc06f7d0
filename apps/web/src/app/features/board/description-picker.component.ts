import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import type { JobDescriptionDto } from '@tdgen/contracts';

/** How many descriptions the picker lists at most (type to narrow down). */
export const PICKER_OPTIONS_MAX = 30;

/**
 * Descriptions to offer for `text`: not deleted, matching title or tag (case-insensitive), the
 * recently opened ones first (most recent first), then the rest by title.
 */
export function pickerOptions(
  descriptions: readonly JobDescriptionDto[],
  recentIds: readonly number[],
  text: string,
): { description: JobDescriptionDto; isRecent: boolean }[] {
  const needle = text.trim().toLocaleLowerCase();
  const matches = descriptions.filter(
    (d) =>
      !d.deletedAt &&
      (needle === '' ||
        d.title.toLocaleLowerCase().includes(needle) ||
        d.tags.some((tag) => tag.toLocaleLowerCase().includes(needle))),
  );
  const rank = new Map(recentIds.map((id, i) => [id, i]));
  return matches
    .sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity) || a.title.localeCompare(b.title))
    .slice(0, PICKER_OPTIONS_MAX)
    .map((description) => ({ description, isRecent: rank.has(description.id) }));
}

/** "Open a description": search as you type, recently opened first; choosing one emits its id. */
@Component({
  selector: 'td-description-picker',
  imports: [MatAutocompleteModule, MatFormFieldModule, MatIconModule, MatInputModule],
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic" class="picker">
      <mat-label>Open a description</mat-label>
      <mat-icon matPrefix svgIcon="search"></mat-icon>
      <input
        matInput
        type="search"
        [value]="text()"
        (input)="onText($any($event.target).value)"
        (focus)="wanted.emit()"
        [matAutocomplete]="auto"
        data-testid="description-picker"
      />
      <mat-autocomplete #auto="matAutocomplete" [displayWith]="noText" (optionSelected)="choose($event.option.value)">
        @for (option of options(); track option.description.id) {
          <mat-option [value]="option.description.id" [attr.data-testid]="'picker-option-' + option.description.id">
            <span class="picker__title">{{ option.description.title }}</span>
            @if (option.isRecent) {
              <span class="picker__recent">recent</span>
            }
          </mat-option>
        } @empty {
          <mat-option disabled>No description matches "{{ text() }}"</mat-option>
        }
      </mat-autocomplete>
    </mat-form-field>
  `,
  styles: `
    .picker {
      width: 100%;
    }
    .picker__recent {
      margin-left: 8px;
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DescriptionPickerComponent {
  readonly descriptions = input.required<readonly JobDescriptionDto[]>();
  readonly recentIds = input<readonly number[]>([]);
  readonly picked = output<number>();
  /** The user is about to pick: the list should be loaded. */
  readonly wanted = output<void>();
  /** The text typed: the descriptions offered should match it (searched on the server). */
  readonly searched = output<string>();
  protected readonly noText = () => '';

  protected readonly text = signal('');
  protected readonly options = computed(() => pickerOptions(this.descriptions(), this.recentIds(), this.text()));

  protected onText(text: string): void {
    this.text.set(text);
    this.searched.emit(text);
  }

  protected choose(id: number): void {
    this.text.set('');
    this.picked.emit(id);
  }
}
