import { shareInvariantViolation, type SetPercentagesRequest } from '@tdgen/contracts';

/**
 * Why an explicit share list cannot be applied to a description's associations (docs/product.md § Shares), or
 * null: it must name every association exactly once, and the shares must keep the invariant.
 */
export function percentageListViolation(
  associations: readonly { jobTaskId: number }[],
  entries: SetPercentagesRequest['percentages'],
): string | null {
  const present = new Set(associations.map((a) => a.jobTaskId));
  const named = new Set<number>();
  for (const { jobTaskId } of entries) {
    if (named.has(jobTaskId)) return `job task ${jobTaskId} is named more than once`;
    if (!present.has(jobTaskId)) return `job task ${jobTaskId} is not part of this job description`;
    named.add(jobTaskId);
  }
  const missing = associations.filter((a) => !named.has(a.jobTaskId)).map((a) => a.jobTaskId);
  if (missing.length) return `every task of the job description must be named; missing job task ${missing.join(', ')}`;
  return shareInvariantViolation(entries.map((e) => e.percentage));
}
