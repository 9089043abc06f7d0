import { ChangeDetectionStrategy, Component, input, model } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { PAY_GROUP_MAX, PAY_GROUP_MIN } from '@tdgen/contracts';
import { EMPTY_FILTER, RecordFilter } from './record-filter';

/** Filters of the management lists (docs/product.md § Job tasks): text, tags, pay group, read-only flag, deleted. */
@Component({
  selector: 'td-filter-bar',
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    MatSlideToggleModule,
  ],
  template: `
    <div class="filters" role="search" data-testid="filter-bar">
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="filters__text">
        <mat-label i18n>Search title, text and tags</mat-label>
        <mat-icon matPrefix svgIcon="search"></mat-icon>
        <input matInput [ngModel]="filter().text" (ngModelChange)="patch({ text: $event })" data-testid="filter-text" />
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label i18n>Tags</mat-label>
        <mat-select
          multiple
          [ngModel]="filter().tags"
          (ngModelChange)="patch({ tags: $event })"
          data-testid="filter-tags"
        >
          @for (tag of tags(); track tag) {
            <mat-option [value]="tag">{{ tag }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      @if (hasPayGroup()) {
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label i18n>Pay group</mat-label>
          <mat-select [ngModel]="filter().payGroup" (ngModelChange)="patch({ payGroup: $event })">
            <mat-option [value]="null" i18n="any value of a filter">Any</mat-option>
            @for (group of payGroups; track group) {
              <mat-option [value]="group" i18n="pay group abbreviation and number">EG {{ group }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      }
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label i18n>Read-only for editors</mat-label>
        <mat-select [ngModel]="filter().readOnlyForEditors" (ngModelChange)="patch({ readOnlyForEditors: $event })">
          <mat-option [value]="null" i18n="any value of a filter">Any</mat-option>
          <mat-option [value]="true" i18n>Yes</mat-option>
          <mat-option [value]="false" i18n>No</mat-option>
        </mat-select>
      </mat-form-field>
      <mat-slide-toggle
        [ngModel]="filter().includeDeleted"
        (ngModelChange)="patch({ includeDeleted: $event })"
        data-testid="filter-include-deleted"
        i18n
      >
        Show deleted
      </mat-slide-toggle>
      <button mat-button (click)="filter.set(empty)" i18n="reset the filters">Reset</button>
    </div>
  `,
  styles: `
    .filters {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
    }
    .filters__text {
      flex: 1 1 260px;
    }
    mat-form-field:not(.filters__text) {
      width: 170px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FilterBarComponent {
  readonly filter = model.required<RecordFilter>();
  readonly tags = input.required<readonly string[]>();
  readonly hasPayGroup = input(false);

  protected readonly empty = EMPTY_FILTER;
  protected readonly payGroups = Array.from({ length: PAY_GROUP_MAX - PAY_GROUP_MIN + 1 }, (_, i) => i + PAY_GROUP_MIN);

  protected patch(change: Partial<RecordFilter>): void {
    this.filter.set({ ...this.filter(), ...change });
  }
}
