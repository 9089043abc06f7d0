import {
  FRAMEWORK_FIELDS,
  weightedPayGroup,
  type FrameworkData,
  type JobDescriptionDto,
  type JobDescriptionTaskDto,
} from '@tdgen/contracts';
import { AUDIT_INCLUDE, toAuditFields } from '../common/audit';
import type { Prisma } from '../generated/prisma/client';
import { JOB_TASK_INCLUDE, toJobTaskDto } from './job-task.mapper';
import type { Tx } from '../prisma/prisma.service';
import { JOB_DESCRIPTION_JSON } from './list-json';
import { queryRecord } from './list-sql';
import { tagNames } from '../tags/tags.service';

/** A description with its audit users, tags and ordered tasks (each with its own tags): one query. */
export const JOB_DESCRIPTION_INCLUDE = {
  ...AUDIT_INCLUDE,
  tags: { include: { tag: true } },
  tasks: { orderBy: { order: 'asc' }, include: { jobTask: { include: JOB_TASK_INCLUDE } } },
} as const satisfies Prisma.JobDescriptionInclude;

export type JobDescriptionRow = Prisma.JobDescriptionGetPayload<{ include: typeof JOB_DESCRIPTION_INCLUDE }>;

export function toFrameworkData(row: Record<(typeof FRAMEWORK_FIELDS)[number], string | null>): FrameworkData {
  return Object.fromEntries(FRAMEWORK_FIELDS.map((field) => [field, row[field] ?? null])) as FrameworkData;
}

/** The one mapping of a description row to its wire type, with ordered tasks and computed fields. */
export function toJobDescriptionDto(row: JobDescriptionRow): JobDescriptionDto {
  const tasks: JobDescriptionTaskDto[] = row.tasks.map((a) => ({
    jobTaskId: a.jobTaskId,
    order: a.order,
    percentage: a.percentage,
    task: toJobTaskDto(a.jobTask),
  }));
  return {
    id: row.id,
    title: row.title,
    tags: tagNames(row.tags),
    readOnlyForEditors: row.readOnlyForEditors,
    frameworkData: toFrameworkData(row),
    tasks,
    taskCount: tasks.length,
    weightedPayGroup: weightedPayGroup(tasks.map((t) => ({ payGroup: t.task.payGroup, percentage: t.percentage }))),
    ...toAuditFields(row),
  };
}

/** Loads one description as its DTO in one statement (inside a transaction: what it sees). */
export async function loadJobDescriptionDto(db: Tx, id: number): Promise<JobDescriptionDto> {
  const dto = await queryRecord<JobDescriptionDto>(db, 'job_descriptions', id, JOB_DESCRIPTION_JSON);
  if (!dto) throw new Error(`Job description ${id} vanished inside its transaction`);
  return dto;
}
