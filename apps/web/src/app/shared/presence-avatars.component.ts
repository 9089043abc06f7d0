import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { UserRef } from '@tdgen/contracts';

export const MAX_VISIBLE_AVATARS = 4;

export function initialsOf(displayName: string): string {
  const parts = displayName.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0][0], parts[parts.length - 1][0]] : [parts[0]?.[0] ?? '?'];
  return letters.join('').toUpperCase();
}

/** A stable pleasant hue per user so the same person always has the same colour. */
export function hueOf(userId: number): number {
  return (userId * 137) % 360;
}

/** Who else has the open description open (docs/product.md § Web app). */
@Component({
  selector: 'td-presence-avatars',
  imports: [MatTooltipModule],
  template: `
    @if (users().length > 0) {
      <span class="avatars" data-testid="presence-avatars" [attr.aria-label]="label()" role="group">
        @for (user of visible(); track user.id) {
          <span
            class="avatar"
            [style.background]="'hsl(' + hue(user.id) + ' 55% 42%)'"
            [matTooltip]="viewingLabel(user.displayName)"
            [attr.data-testid]="'presence-avatar-' + user.id"
            >{{ initials(user.displayName) }}</span
          >
        }
        @if (hiddenCount() > 0) {
          <span class="avatar avatar--more" [matTooltip]="hiddenNames()">+{{ hiddenCount() }}</span>
        }
      </span>
    }
  `,
  styles: `
    .avatars {
      display: inline-flex;
    }
    .avatar {
      width: 32px;
      height: 32px;
      margin-left: -6px;
      border-radius: 50%;
      display: inline-grid;
      place-items: center;
      color: #fff;
      font: var(--mat-sys-label-medium);
      border: 2px solid var(--mat-sys-surface);
    }
    .avatar--more {
      background: var(--mat-sys-secondary);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PresenceAvatarsComponent {
  readonly users = input.required<readonly UserRef[]>();

  protected readonly visible = computed(() => this.users().slice(0, MAX_VISIBLE_AVATARS));
  protected readonly hiddenCount = computed(() => Math.max(0, this.users().length - MAX_VISIBLE_AVATARS));
  protected readonly hiddenNames = computed(() =>
    this.users()
      .slice(MAX_VISIBLE_AVATARS)
      .map((u) => u.displayName)
      .join(', '),
  );
  protected readonly label = computed(
    () =>
      $localize`Also viewing: ${this.users()
        .map((u) => u.displayName)
        .join(', ')}:names:`,
  );
  protected viewingLabel(name: string): string {
    return $localize`${name}:name: is viewing this description`;
  }
  protected readonly initials = initialsOf;
  protected readonly hue = hueOf;
}
