import { FRAMEWORK_FIELDS, type ListQuery } from '@tdgen/contracts';
import { sharedListWhere, tagAndTextFilters } from '../catalogue/list-where';
import type { Prisma } from '../generated/prisma/client';

/**
 * The `where` of GET /job-descriptions (docs/product.md § Job descriptions). Free text searches the
 * title, the tags and the framework data (a description's "text"); `payGroup` finds descriptions
 * containing a task of it.
 */
export function descriptionListWhere(query: ListQuery): Prisma.JobDescriptionWhereInput {
  return {
    ...sharedListWhere(query),
    ...(query.payGroup === undefined ? {} : { tasks: { some: { jobTask: { payGroup: query.payGroup } } } }),
    AND: tagAndTextFilters(query, FRAMEWORK_FIELDS),
  };
}
