import { shareRuleViolation, type SetPercentagesRequest, type SharesViolation } from '@tdgen/contracts';

/**
 * Why an explicit share list cannot be applied to a description's associations (docs/product.md § Shares), or
 * null: it must name every association exactly once, and the shares must keep the invariant.
 */
export function percentageListViolation(
  associations: readonly { jobTaskId: number }[],
  entries: SetPercentagesRequest['percentages'],
): SharesViolation | null {
  const present = new Set(associations.map((a) => a.jobTaskId));
  const named = new Set<number>();
  for (const { jobTaskId } of entries) {
    if (named.has(jobTaskId)) return { rule: 'duplicate', jobTaskId };
    if (!present.has(jobTaskId)) return { rule: 'not-in-description', jobTaskId };
    named.add(jobTaskId);
  }
  const missing = associations.filter((a) => !named.has(a.jobTaskId)).map((a) => a.jobTaskId);
  if (missing.length) return { rule: 'missing', jobTaskIds: missing };
  return shareRuleViolation(entries.map((e) => e.percentage));
}
