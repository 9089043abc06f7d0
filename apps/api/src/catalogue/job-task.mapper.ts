import type { JobTaskDto } from '@tdgen/contracts';
import { AUDIT_INCLUDE, toAuditFields } from '../common/audit';
import type { Prisma } from '../generated/prisma/client';
import { tagNames } from '../tags/tags.service';

/** Everything a JobTaskDto needs, loaded with the task in one query. */
export const JOB_TASK_INCLUDE = {
  ...AUDIT_INCLUDE,
  tags: { include: { tag: true } },
} as const satisfies Prisma.JobTaskInclude;

export type JobTaskWithRelations = Prisma.JobTaskGetPayload<{ include: typeof JOB_TASK_INCLUDE }>;

/** The one mapping of a task row to its wire type (no Prisma type leaves the server). */
export function toJobTaskDto(row: JobTaskWithRelations): JobTaskDto {
  return {
    id: row.id,
    title: row.title,
    text: row.text,
    payGroup: row.payGroup,
    tags: tagNames(row.tags),
    readOnlyForEditors: row.readOnlyForEditors,
    ...toAuditFields(row),
  };
}
