import { ChangeDetectionStrategy, Component, computed, effect, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatTooltipModule } from '@angular/material/tooltip';
import { SHARE_MIN, SHARE_STEP } from '@tdgen/contracts';
import {
  dividerPosition,
  evenShares,
  moveDivider,
  pixelsToPercent,
  sameShares,
  setShare,
  typedShareProblem,
} from './share-bar.math';

export interface ShareSegment {
  id: number;
  label: string;
  percentage: number;
}

interface DragState {
  dividerIndex: number;
  startY: number;
  barHeight: number;
  startShares: number[];
}

/**
 * The share bar (docs/product.md § Web app): one segment per task, height ∝ share. Dividers move in
 * steps of 5 by pointer drag or by the arrow keys; each share can be typed (validated as you type)
 * and "distribute evenly" resets them. Each finished adjustment is emitted as the new share list;
 * the bar shows it at once and builds the next one on it, so quick key presses are never lost.
 */
@Component({
  selector: 'td-share-bar',
  imports: [MatButtonModule, MatTooltipModule],
  templateUrl: './share-bar.component.html',
  styleUrl: './share-bar.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShareBarComponent {
  protected dividerLabel(above: string, below: string): string {
    return $localize`Divider between ${above}:above: and ${below}:below:`;
  }

  /** What a screen reader says for a divider: both neighbours with their shares. */
  protected valueText(above: string, aboveShare: number, below: string, belowShare: number): string {
    return $localize`${above}:above: ${aboveShare}:aboveShare: %, ${below}:below: ${belowShare}:belowShare: %`;
  }

  readonly segments = input.required<readonly ShareSegment[]>();
  readonly isDisabled = input(false);
  /** The new shares, in segment order, after a drag ends or an arrow key is pressed. */
  readonly sharesChange = output<number[]>();

  /** Shares while a pointer drag is in progress (not yet emitted). */
  private readonly dragPreview = signal<number[] | null>(null);
  /** The last emitted shares until the segments catch up: the next key press builds on them. */
  private readonly emitted = signal<number[] | null>(null);
  /** Per segment id: text typed that is not (yet) a valid share, with the reason. */
  protected readonly typed = signal<ReadonlyMap<number, { text: string; problem: string }>>(new Map());
  private drag: DragState | null = null;

  protected readonly shares = computed(
    () => this.dragPreview() ?? this.emitted() ?? this.segments().map((s) => s.percentage),
  );
  protected readonly step = SHARE_STEP;
  protected readonly min = SHARE_MIN;
  protected readonly position = dividerPosition;
  protected readonly isEven = computed(() => sameShares(this.shares(), evenShares(this.shares().length)));

  constructor() {
    // New shares from outside (saved, changed elsewhere, another description) replace the local ones.
    effect(() => {
      this.segments();
      this.emitted.set(null);
    });
  }

  protected onTyped(index: number, text: string): void {
    const segment = this.segments()[index];
    const value = text.trim() === '' ? null : Number(text);
    const problem = typedShareProblem(value, this.segments().length);
    this.typed.update((typed) => {
      const next = new Map(typed);
      if (problem) next.set(segment.id, { text, problem });
      else next.delete(segment.id);
      return next;
    });
    if (problem === null && value !== null && !this.isDisabled()) {
      this.emitIfChanged(setShare(this.shares(), index, value));
    }
  }

  /** Leaving a field with an invalid entry shows the share in force again. */
  protected onTypedBlur(index: number): void {
    const id = this.segments()[index].id;
    if (!this.typed().has(id)) return;
    this.typed.update((typed) => {
      const next = new Map(typed);
      next.delete(id);
      return next;
    });
  }

  protected distributeEvenly(): void {
    if (!this.isDisabled()) this.emitIfChanged(evenShares(this.shares().length));
  }

  protected onKeydown(event: KeyboardEvent, dividerIndex: number): void {
    if (this.isDisabled()) return;
    const delta = { ArrowUp: -SHARE_STEP, ArrowLeft: -SHARE_STEP, ArrowDown: SHARE_STEP, ArrowRight: SHARE_STEP }[
      event.key
    ];
    if (delta === undefined) return;
    event.preventDefault();
    this.emitIfChanged(moveDivider(this.shares(), dividerIndex, delta));
  }

  protected onPointerDown(event: PointerEvent, dividerIndex: number, bar: HTMLElement): void {
    if (this.isDisabled() || event.button !== 0) return;
    event.preventDefault();
    (event.target as HTMLElement).setPointerCapture?.(event.pointerId);
    this.drag = {
      dividerIndex,
      startY: event.clientY,
      barHeight: bar.getBoundingClientRect().height,
      startShares: this.shares(),
    };
    this.dragPreview.set(this.drag.startShares);
  }

  protected onPointerMove(event: PointerEvent): void {
    if (!this.drag) return;
    const delta = pixelsToPercent(event.clientY - this.drag.startY, this.drag.barHeight);
    this.dragPreview.set(moveDivider(this.drag.startShares, this.drag.dividerIndex, delta));
  }

  protected onPointerUp(): void {
    if (!this.drag) return;
    const next = this.shares();
    this.drag = null;
    this.dragPreview.set(null);
    this.emitIfChanged(next);
  }

  private emitIfChanged(next: number[]): void {
    if (sameShares(next, this.emitted() ?? this.segments().map((s) => s.percentage))) return;
    this.emitted.set(next);
    this.sharesChange.emit(next);
  }
}
