import { LIST_LIMIT_DEFAULT, type ListQuery } from '@tdgen/contracts';

// The Prisma query parts both catalogue lists share; each record type adds its own in its *-filters.ts.

/** The filter parts both lists share, as Prisma `where` fields (same names on both models). */
export function sharedListWhere(query: ListQuery) {
  return {
    ...(query.includeDeleted ? {} : { deletedAt: null }),
    ...(query.readOnlyForEditors === undefined ? {} : { readOnlyForEditors: query.readOnlyForEditors }),
    ...(query.createdBy === undefined ? {} : { createdById: query.createdBy }),
    ...dateRange('createdAt', query.createdFrom, query.createdTo),
    ...dateRange('updatedAt', query.updatedFrom, query.updatedTo),
  };
}

function dateRange(field: 'createdAt' | 'updatedAt', from?: string, to?: string) {
  if (!from && !to) return {};
  const range: { gte?: Date; lte?: Date; lt?: Date } = {};
  if (from) range.gte = new Date(from);
  if (to) {
    // A plain date as upper bound means "until the end of that day".
    if (/^\d{4}-\d{2}-\d{2}$/.test(to)) range.lt = new Date(Date.parse(to) + 86_400_000);
    else range.lte = new Date(to);
  }
  return { [field]: range };
}

export function pageOf(query: ListQuery): { take: number; skip: number } {
  return { take: query.limit ?? LIST_LIMIT_DEFAULT, skip: query.offset ?? 0 };
}
