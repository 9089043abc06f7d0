import { SHARE_MIN, SHARE_STEP, SHARE_TOTAL } from './limits';

/**
 * Share arithmetic of docs/product.md § Shares, shared by the server (which enforces it) and the client
 * (which previews it). Shares are integers, multiples of 5, each ≥ 5, summing to 100.
 */

/**
 * Which rule of docs/product.md § Shares an explicit share list breaks (the `SHARES_INVALID` error's
 * parameters): a share that is no integer, no multiple of SHARE_STEP or below SHARE_MIN (`value`),
 * a sum other than SHARE_TOTAL, or — for a list naming the tasks of a description — a task named
 * twice, one that is not part of the description, or tasks left out.
 */
export type SharesViolation =
  | { rule: 'integer' | 'step' | 'min'; value: number }
  | { rule: 'sum'; sum: number }
  | { rule: 'duplicate' | 'not-in-description'; jobTaskId: number }
  | { rule: 'missing'; jobTaskIds: number[] };

/** The first rule a share list breaks, or null when it holds. */
export function shareRuleViolation(shares: readonly number[]): SharesViolation | null {
  if (shares.length === 0) return null;
  for (const value of shares) {
    if (!Number.isInteger(value)) return { rule: 'integer', value };
    if (value % SHARE_STEP !== 0) return { rule: 'step', value };
    if (value < SHARE_MIN) return { rule: 'min', value };
  }
  const sum = shares.reduce((a, b) => a + b, 0);
  return sum === SHARE_TOTAL ? null : { rule: 'sum', sum };
}

/** A violation in English words (the `message` of the API's error; the web app words it from the code). */
export function describeSharesViolation(v: SharesViolation): string {
  switch (v.rule) {
    case 'integer':
      return `every share must be an integer (got ${v.value})`;
    case 'step':
      return `every share must be a multiple of ${SHARE_STEP} (got ${v.value})`;
    case 'min':
      return `every share must be at least ${SHARE_MIN} (got ${v.value})`;
    case 'sum':
      return `shares must add up to ${SHARE_TOTAL} (got ${v.sum})`;
    case 'duplicate':
      return `job task ${v.jobTaskId} is named more than once`;
    case 'not-in-description':
      return `job task ${v.jobTaskId} is not part of this job description`;
    case 'missing':
      return `every task of the job description must be named; missing job task ${v.jobTaskIds.join(', ')}`;
  }
}

/** The reason a share list breaks the invariant, in words, or null when it holds. */
export function shareInvariantViolation(shares: readonly number[]): string | null {
  const violation = shareRuleViolation(shares);
  return violation ? describeSharesViolation(violation) : null;
}

/**
 * Distributes `total` (a multiple of 5) over items in proportion to `weights`, in steps of 5, by
 * the largest-remainder method with ties broken by index (= order). An item whose proportional
 * share would fall below `min` is pinned at `min` and the rest is shared among the others.
 */
export function distributeProportionally(weights: readonly number[], total: number, min = SHARE_MIN): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const units = Math.round(total / SHARE_STEP);
  const minUnits = Math.round(min / SHARE_STEP);
  if (units < n * minUnits) throw new RangeError(`cannot give ${n} items at least ${min} out of ${total}`);
  const pinned = new Set<number>();
  let exact: number[] = [];
  for (;;) {
    const free = weights.map((_, i) => i).filter((i) => !pinned.has(i));
    const freeUnits = units - pinned.size * minUnits;
    const weightSum = free.reduce((a, i) => a + Math.max(0, weights[i]), 0);
    exact = weights.map((w, i) =>
      pinned.has(i) ? minUnits : weightSum === 0 ? freeUnits / free.length : (Math.max(0, w) * freeUnits) / weightSum,
    );
    const below = free.filter((i) => exact[i] < minUnits - 1e-9);
    if (below.length === 0) break;
    below.forEach((i) => pinned.add(i));
  }
  const result = exact.map((e) => Math.floor(e + 1e-9));
  let left = units - result.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e + 1e-9) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) result[byRemainder[k].i]++;
  return result.map((u) => u * SHARE_STEP);
}

/** The share a newly added task gets when there are `existing` tasks (docs/product.md § Shares). */
export function newTaskShare(existing: number): number {
  const equal = Math.round(SHARE_TOTAL / (existing + 1) / SHARE_STEP) * SHARE_STEP;
  return Math.max(SHARE_MIN, equal);
}

/** Shares after inserting a task at `index`: it gets the equal share, the others give proportionally. */
export function sharesAfterAdd(current: readonly number[], index: number): number[] {
  if (current.length === 0) return [SHARE_TOTAL];
  const share = newTaskShare(current.length);
  const rest = distributeProportionally(current, SHARE_TOTAL - share);
  return [...rest.slice(0, index), share, ...rest.slice(index)];
}

/** Shares after removing the task at `index`: its share goes to the rest proportionally. */
export function sharesAfterRemove(current: readonly number[], index: number): number[] {
  const rest = current.filter((_, i) => i !== index);
  if (rest.length === 0) return [];
  return distributeProportionally(rest, SHARE_TOTAL);
}

/** Weighted pay group: Σ(payGroup × share)/Σ(share) over tasks that have one, 2 decimals. */
export function weightedPayGroup(items: readonly { payGroup: number | null; percentage: number }[]): number | null {
  let weighted = 0;
  let shares = 0;
  for (const { payGroup, percentage } of items) {
    if (payGroup == null) continue;
    weighted += payGroup * percentage;
    shares += percentage;
  }
  if (shares === 0) return null;
  return Math.round((weighted / shares) * 100) / 100;
}
