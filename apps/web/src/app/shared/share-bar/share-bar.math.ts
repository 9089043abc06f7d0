import { SHARE_MIN, SHARE_STEP } from '@tdgen/contracts';

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
