import type { ListQuery } from '@tdgen/contracts';
import { sharedListWhere } from '../catalogue/list-where';
import { containsText } from '../common/like-pattern';
import type { Prisma } from '../generated/prisma/client';
import { hasAllTags } from '../tags/tags.service';

/** The `where` of GET /job-tasks: free text searches the title, the text and the tags. */
export function taskListWhere(query: ListQuery): Prisma.JobTaskWhereInput {
  const q = query.q;
  const textMatch: Prisma.JobTaskWhereInput[] = q
    ? [
        {
          OR: [
            { title: containsText(q) },
            { text: containsText(q) },
            { tags: { some: { tag: { name: containsText(q) } } } },
          ],
        },
      ]
    : [];
  return {
    ...sharedListWhere(query),
    ...(query.payGroup === undefined ? {} : { payGroup: query.payGroup }),
    AND: [...hasAllTags(query.tags), ...textMatch],
  };
}
