import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { JobTaskDto, LockDto } from '@tdgen/contracts';
import { LockBadgeComponent } from './lock-badge.component';
import { excerpt, htmlToPlainText } from './text';

export const EXCERPT_LENGTH = 140;

/** One task as a card (backlog and workspace). Actions are projected with the `cardActions` attribute. */
@Component({
  selector: 'td-task-card',
  imports: [LockBadgeComponent],
  template: `
    <article
      class="card"
      [class.card--deleted]="isDeleted()"
      [class.card--compact]="isCompact()"
      [class.td-highlight]="isHighlighted()"
      [attr.data-testid]="'task-card-' + task().id"
      [attr.aria-label]="task().title + (isDeleted() ? ' (deleted)' : '')"
    >
      <header class="card__header">
        <h3 class="card__title" data-testid="task-card-title">{{ task().title }}</h3>
        @if (percentage() !== null) {
          <span class="card__share" data-testid="task-card-share">{{ percentage() }} %</span>
        }
        <ng-content select="[cardActions]" />
      </header>
      @if (text()) {
        <p class="card__excerpt">{{ text() }}</p>
      }
      <footer class="card__meta">
        @if (isDeleted()) {
          <span class="chip chip--deleted">deleted</span>
        }
        @if (task().payGroup !== null) {
          <span class="chip chip--pay" data-testid="task-card-pay-group">EG {{ task().payGroup }}</span>
        }
        @if (task().readOnlyForEditors) {
          <span class="chip" title="Only admins can change this task">admin only</span>
        }
        @for (tag of task().tags; track tag) {
          <span class="chip">{{ tag }}</span>
        }
        @if (lock(); as activeLock) {
          <td-lock-badge [lock]="activeLock" [isMine]="isLockMine()" />
        }
      </footer>
    </article>
  `,
  styleUrl: './task-card.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskCardComponent {
  readonly task = input.required<JobTaskDto>();
  readonly lock = input<LockDto | null>(null);
  readonly isLockMine = input(false);
  readonly isHighlighted = input(false);
  /** The task's share in the open description (workspace cards only). */
  readonly percentage = input<number | null>(null);
  /** Fills a fixed-height row (the backlog's virtual scroll), clamping long titles and texts. */
  readonly isCompact = input(false);

  protected readonly isDeleted = computed(() => this.task().deletedAt !== null);
  protected readonly text = computed(() => excerpt(htmlToPlainText(this.task().text), EXCERPT_LENGTH));
}
