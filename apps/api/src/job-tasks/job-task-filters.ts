import type { ListQuery } from '@tdgen/contracts';
import { sharedListWhere, tagAndTextFilters } from '../catalogue/list-where';
import type { Prisma } from '../generated/prisma/client';

/** The `where` of GET /job-tasks (docs/product.md § Job tasks): free text searches the title, the text and the tags. */
export function taskListWhere(query: ListQuery): Prisma.JobTaskWhereInput {
  return {
    ...sharedListWhere(query),
    ...(query.payGroup === undefined ? {} : { payGroup: query.payGroup }),
    AND: tagAndTextFilters(query, ['text']),
  };
}
