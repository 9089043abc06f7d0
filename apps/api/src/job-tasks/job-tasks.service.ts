import { Injectable } from '@nestjs/common';
import type {
  CreateJobTaskRequest,
  DomainEventInput,
  JobTaskDto,
  SessionUser,
  UpdateJobTaskRequest,
  UsageResponse,
} from '@tdgen/contracts';
import { PageCache } from '../catalogue/page-cache';
import { JOB_TASK_JSON } from '../catalogue/list-json';
import { CatalogueService } from '../catalogue/catalogue.service';
import { assertAdminFieldsUnchanged } from '../catalogue/permissions';
import { titleKey } from '../catalogue/titles';
import { EventLog, stagedEventSql } from '../events/event-log';
import { TaskRemovalFromDescriptions } from '../job-descriptions/task-removal';
import { Prisma } from '../generated/prisma/client';
import { present } from '../locks/lock-rows';
import { PrismaService, type Tx } from '../prisma/prisma.service';
import { prepared } from '../prisma/prepared-statements';
import { sameTagSet, TagsService } from '../tags/tags.service';
import { JOB_TASK_RECORDS, JobTaskAccess, type JobTaskRow } from './job-task-access';
import { sanitizeTaskText } from './task-text.sanitizer';

/** Job tasks: the shared catalogue lifecycle plus list, usage, create and update (docs/product.md § Job tasks). */
@Injectable()
export class JobTasksService extends CatalogueService<JobTaskRow, JobTaskDto> {
  constructor(
    prisma: PrismaService,
    log: EventLog,
    access: JobTaskAccess,
    private readonly tags: TagsService,
    pages: PageCache,
    private readonly removal: TaskRemovalFromDescriptions,
  ) {
    super(prisma, log, access, JOB_TASK_RECORDS, pages);
  }

  async usage(id: number): Promise<UsageResponse> {
    await this.load(this.prisma, id);
    const descriptionCount = await this.prisma.jobDescriptionTask.count({
      where: { jobTaskId: id, jobDescription: { deletedAt: null } },
    });
    return { descriptionCount };
  }

  async create(req: CreateJobTaskRequest, user: SessionUser, clientId: string): Promise<JobTaskDto> {
    assertAdminFieldsUnchanged(user, req, { payGroup: null, readOnlyForEditors: false });
    return this.insertTitled(
      req,
      user,
      async (tx, columns) => {
        const text = sanitizeTaskText(req.text ?? '');
        const data = {
          ...columns,
          text,
          payGroup: req.payGroup ?? null,
          readOnlyForEditors: req.readOnlyForEditors ?? false,
        };
        return (await tx.jobTask.create({ data })).id;
      },
      (task) => ({ type: 'job-task:created', data: task, userId: user.id, clientId }),
    );
  }

  /** Changes only what differs; updatedAt/By move only when content actually changed. */
  async update(id: number, req: UpdateJobTaskRequest, user: SessionUser, clientId: string): Promise<JobTaskDto> {
    return this.writingTitle(req.title ?? '', id, () =>
      this.log.transaction(async (tx, _record, staging) => {
        const current = await this.access.forEdit(tx, id, user);
        assertAdminFieldsUnchanged(user, req, current);
        await this.access.assertLockHeld(tx, id, user, clientId);
        const data = columnChanges(req, current);
        const tags = req.tags === undefined ? undefined : this.tags.normalize(req.tags);
        const tagsChanged = tags !== undefined && !sameTagSet(tags, current.tags);
        if (tagsChanged) await this.tags.setJobTaskTags(tx, id, tags);
        if (Object.keys(data).length === 0 && !tagsChanged) return this.load(tx, id);
        // The statement stages its `job-task:updated` itself (one round trip less).
        const task = await updateReturningDto(tx, id, data, { userId: user.id, clientId, batch: staging.batch });
        staging.staged('job-task:updated');
        return task;
      }),
    );
  }

  protected setTags(tx: Tx, id: number, tags: string[]): Promise<void> {
    return this.tags.setJobTaskTags(tx, id, this.tags.normalize(tags));
  }

  /** The task leaves every description (each rebalanced and announced on its own), then is deleted. */
  protected async removeForGood(tx: Tx, id: number, user: SessionUser, clientId: string): Promise<DomainEventInput[]> {
    const affected = await this.removal.removeEverywhere(tx, id, user, clientId);
    await tx.jobTask.delete({ where: { id } });
    return affected.map((jobDescription) => ({
      type: 'job-description-task:deleted',
      data: { jobDescriptionId: jobDescription.id, jobTaskId: id, jobDescription },
      userId: user.id,
      clientId,
    }));
  }
}

/**
 * Writes the changed columns, reads the task back as its DTO and stages the `job-task:updated`
 * event carrying it (as EventLog's staging writes it), in one statement.
 */
async function updateReturningDto(
  tx: Tx,
  id: number,
  data: ReturnType<typeof columnChanges>,
  { userId, clientId, batch }: { userId: number; clientId: string; batch: string | null },
): Promise<JobTaskDto> {
  const sets: Prisma.Sql[] = [Prisma.sql`updated_at = now()`, Prisma.sql`updated_by_id = ${userId}`];
  if (data.title !== undefined) sets.push(Prisma.sql`title = ${data.title}`, Prisma.sql`title_key = ${data.titleKey}`);
  if (data.text !== undefined) sets.push(Prisma.sql`text = ${data.text}`);
  if (data.payGroup !== undefined) sets.push(Prisma.sql`pay_group = ${data.payGroup}::int`);
  if (data.readOnlyForEditors !== undefined) {
    sets.push(Prisma.sql`read_only_for_editors = ${data.readOnlyForEditors}::boolean`);
  }
  // Prepared: one text per set of changed columns (at most 16).
  const [row] = await tx.$queryRaw<{ json: string }[]>(
    prepared(Prisma.sql`
    WITH page AS MATERIALIZED (UPDATE job_tasks t SET ${Prisma.join(sets)} WHERE t.id = ${id} RETURNING t.*),
    ${Prisma.raw(JOB_TASK_JSON.ctes)},
    dto AS (SELECT (${Prisma.raw(JOB_TASK_JSON.json)})::text AS json FROM page p ${Prisma.raw(JOB_TASK_JSON.joins)}),
    ${stagedEventSql('dto', Prisma.sql`'job-task:updated'`, Prisma.sql`dto.json`, { userId, clientId }, batch)}
    SELECT json FROM dto`),
  );
  return JSON.parse(present(row, 'the updated task').json) as JobTaskDto;
}

/** The columns an update request really changes (text sanitized first); empty when nothing differs. */
function columnChanges(req: UpdateJobTaskRequest, current: JobTaskRow) {
  const data: {
    title?: string;
    titleKey?: string;
    text?: string;
    payGroup?: number | null;
    readOnlyForEditors?: boolean;
  } = {};
  if (req.title !== undefined && req.title !== current.title) {
    data.title = req.title;
    data.titleKey = titleKey(req.title);
  }
  const text = req.text === undefined ? undefined : sanitizeTaskText(req.text);
  if (text !== undefined && text !== current.text) data.text = text;
  if (req.payGroup !== undefined && req.payGroup !== current.payGroup) data.payGroup = req.payGroup;
  if (req.readOnlyForEditors !== undefined && req.readOnlyForEditors !== current.readOnlyForEditors) {
    data.readOnlyForEditors = req.readOnlyForEditors;
  }
  return data;
}
