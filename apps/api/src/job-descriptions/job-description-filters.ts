import { FRAMEWORK_FIELDS, type ListQuery } from '@tdgen/contracts';
import { containsText } from '../common/like-pattern';
import { sharedListWhere } from '../catalogue/list-where';
import type { Prisma } from '../generated/prisma/client';
import { hasAllTags } from '../tags/tags.service';

/**
 * The `where` of GET /job-descriptions (docs/product.md § Job descriptions). Free text searches the title, the tags and the
 * framework data (a description's "text"); `payGroup` finds descriptions containing a task of it.
 */
export function descriptionListWhere(query: ListQuery): Prisma.JobDescriptionWhereInput {
  const q = query.q;
  const textMatch: Prisma.JobDescriptionWhereInput[] = q
    ? [
        {
          OR: [
            { title: containsText(q) },
            { tags: { some: { tag: { name: containsText(q) } } } },
            ...FRAMEWORK_FIELDS.map((field) => ({ [field]: containsText(q) })),
          ],
        },
      ]
    : [];
  return {
    ...sharedListWhere(query),
    ...(query.payGroup === undefined ? {} : { tasks: { some: { jobTask: { payGroup: query.payGroup } } } }),
    AND: [...hasAllTags(query.tags), ...textMatch],
  };
}
