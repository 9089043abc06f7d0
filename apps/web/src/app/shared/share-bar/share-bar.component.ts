import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { MatTooltipModule } from '@angular/material/tooltip';
import { SHARE_STEP } from '@tdgen/contracts';
import { dividerPosition, moveDivider, pixelsToPercent, sameShares } from './share-bar.math';

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
 * The share bar (docs/product.md § Web app): one segment per task, height ∝ share. Dividers move in steps of 5
 * by pointer drag or by the arrow keys; each finished adjustment is emitted as the new share list.
 */
@Component({
  selector: 'td-share-bar',
  imports: [MatTooltipModule],
  templateUrl: './share-bar.component.html',
  styleUrl: './share-bar.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShareBarComponent {
  readonly segments = input.required<readonly ShareSegment[]>();
  readonly isDisabled = input(false);
  /** The new shares, in segment order, after a drag ends or an arrow key is pressed. */
  readonly sharesChange = output<number[]>();

  /** Shares while a pointer drag is in progress (not yet emitted). */
  private readonly dragPreview = signal<number[] | null>(null);
  private drag: DragState | null = null;

  protected readonly shares = computed(() => this.dragPreview() ?? this.segments().map((s) => s.percentage));
  protected readonly step = SHARE_STEP;
  protected readonly position = dividerPosition;

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
    if (
      !sameShares(
        next,
        this.segments().map((s) => s.percentage),
      )
    )
      this.sharesChange.emit(next);
  }
}
