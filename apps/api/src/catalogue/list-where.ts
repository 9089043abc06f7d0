import type { ListQuery } from '@tdgen/contracts';
import { containsText } from '../common/like-pattern';
import { hasAllTags } from '../tags/tags.service';

// The Prisma `where` of a description filter, for the document export's `?tag=` (the lists themselves
// are SQL: list-sql.ts).

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

/**
 * The `AND` parts both lists share: every tag asked for and, with free text, a case-insensitive match
 * in the title, a tag or one of the record type's own text columns.
 */
export function tagAndTextFilters<Field extends string>(query: ListQuery, textFields: readonly Field[]) {
  const q = query.q;
  if (!q) return hasAllTags(query.tags);
  const textMatch = {
    OR: [
      { title: containsText(q) },
      { tags: { some: { tag: { name: containsText(q) } } } },
      ...textFields.map((field) => ({ [field]: containsText(q) }) as Record<Field, ReturnType<typeof containsText>>),
    ],
  };
  return [...hasAllTags(query.tags), textMatch];
}
