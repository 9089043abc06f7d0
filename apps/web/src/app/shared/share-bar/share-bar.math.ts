import { SHARE_MIN, SHARE_STEP, SHARE_TOTAL, distributeProportionally } from '@tdgen/contracts';

/**
 * Moves the divider below segment `dividerIndex` by `delta` percentage points: the segment above
 * grows by the (snapped) delta, the one below shrinks by it. Snaps to steps of 5 and keeps both
 * neighbours at ≥ 5, so the sum stays 100 and the invariant of docs/product.md § Shares holds.
 */
export function moveDivider(shares: readonly number[], dividerIndex: number, delta: number): number[] {
  if (dividerIndex < 0 || dividerIndex >= shares.length - 1) return [...shares];
  const above = shares[dividerIndex];
  const below = shares[dividerIndex + 1];
  const snapped = Math.round(delta / SHARE_STEP) * SHARE_STEP;
  const clamped = Math.max(-(above - SHARE_MIN), Math.min(below - SHARE_MIN, snapped));
  if (clamped === 0) return [...shares];
  const next = [...shares];
  next[dividerIndex] = above + clamped;
  next[dividerIndex + 1] = below - clamped;
  return next;
}

/** Percentage points a pointer moved over a bar of `barSize` pixels. */
export function pixelsToPercent(pixels: number, barSize: number): number {
  return barSize > 0 ? (pixels / barSize) * 100 : 0;
}

/** Where a divider sits, as the sum of the shares above it (for aria-valuenow). */
export function dividerPosition(shares: readonly number[], dividerIndex: number): number {
  return shares.slice(0, dividerIndex + 1).reduce((a, b) => a + b, 0);
}

export function sameShares(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** Why a typed share cannot be used for one of `count` tasks, or null when it can. */
export function typedShareProblem(value: number | null, count: number): string | null {
  const max = SHARE_TOTAL - SHARE_MIN * (count - 1);
  if (value === null || Number.isNaN(value)) return $localize`Enter a number`;
  if (!Number.isInteger(value) || value % SHARE_STEP !== 0) return $localize`Use steps of ${SHARE_STEP}:step:`;
  if (value < SHARE_MIN) return $localize`At least ${SHARE_MIN}:min:`;
  if (value > max) return $localize`At most ${max}:max: (the others need ${SHARE_MIN}:min: each)`;
  return null;
}

/**
 * Sets the share at `index` to a typed value; the others share the rest in proportion to what
 * they had, so the total stays 100. `value` must be valid (see typedShareProblem).
 */
export function setShare(shares: readonly number[], index: number, value: number): number[] {
  const others = shares.filter((_, i) => i !== index);
  const rest = distributeProportionally(others, SHARE_TOTAL - value);
  return [...rest.slice(0, index), value, ...rest.slice(index)];
}

/** Equal shares for every task (as equal as steps of 5 allow; earlier tasks get the remainder). */
export function evenShares(count: number): number[] {
  return distributeProportionally(new Array<number>(count).fill(1), SHARE_TOTAL);
}
