import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type {
  CreateJobTaskRequest,
  JobTaskDto,
  ListQuery,
  Page,
  SessionUser,
  TitleExistsResponse,
  UpdateJobTaskRequest,
  UsageResponse,
} from '@tdgen/contracts';
import { containsText } from '../common/like-pattern';
import { pageOf, sharedListWhere } from '../common/list-query.dto';
import { assertAdminFieldsUnchanged, assertMayChange } from '../common/permissions';
import { assertTitleFree, namingTitleConflicts, titleKey } from '../common/titles';
import { EventsService } from '../events/events.service';
import type { Prisma } from '../generated/prisma/client';
import { LocksService } from '../locks/locks.service';
import { PrismaService, type Tx } from '../prisma/prisma.service';
import { hasAllTags, sameTagSet, tagNames, TagsService } from '../tags/tags.service';
import { JOB_TASK_INCLUDE, toJobTaskDto, type JobTaskRow } from './job-task.mapper';
import { JobTaskPurger } from './job-task-purger';
import { sanitizeTaskText } from './task-text.sanitizer';

@Injectable()
export class JobTasksService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly events: EventsService,
    private readonly locks: LocksService,
    private readonly tags: TagsService,
    private readonly purger: JobTaskPurger,
  ) {}

  /** SPEC §4.7: filtered, sorted by title (case-insensitive), paginated; one findMany + one count. */
  async list(query: ListQuery): Promise<Page<JobTaskDto>> {
    const q = query.q;
    const where: Prisma.JobTaskWhereInput = {
      ...sharedListWhere(query),
      ...(query.payGroup === undefined ? {} : { payGroup: query.payGroup }),
      AND: [
        ...hasAllTags(query.tags),
        ...(q
          ? [
              {
                OR: [
                  { title: containsText(q) },
                  { text: containsText(q) },
                  { tags: { some: { tag: { name: containsText(q) } } } },
                ],
              },
            ]
          : []),
      ],
    };
    const { take, skip } = pageOf(query);
    const [rows, total] = await this.prisma.$transaction([
      this.prisma.jobTask.findMany({
        where,
        include: JOB_TASK_INCLUDE,
        orderBy: [{ titleKey: 'asc' }, { id: 'asc' }],
        take,
        skip,
      }),
      this.prisma.jobTask.count({ where }),
    ]);
    return { items: rows.map(toJobTaskDto), total, limit: take, offset: skip };
  }

  async exists(title: string): Promise<TitleExistsResponse> {
    const holder = await this.prisma.jobTask.findUnique({ where: { titleKey: titleKey(title) } });
    return { exists: !!holder, id: holder?.id ?? null, deleted: !!holder?.deletedAt };
  }

  async get(id: number): Promise<JobTaskDto> {
    return toJobTaskDto(await this.find(this.prisma, id));
  }

  async usage(id: number): Promise<UsageResponse> {
    await this.find(this.prisma, id);
    const descriptionCount = await this.prisma.jobDescriptionTask.count({
      where: { jobTaskId: id, jobDescription: { deletedAt: null } },
    });
    return { descriptionCount };
  }

  async create(req: CreateJobTaskRequest, user: SessionUser, clientId: string): Promise<JobTaskDto> {
    assertAdminFieldsUnchanged(user, req, { payGroup: null, readOnlyForEditors: false });
    const task = await namingTitleConflicts(
      () =>
        this.prisma.$transaction(async (tx) => {
          await this.assertTitleFree(tx, req.title);
          const created = await tx.jobTask.create({
            data: {
              title: req.title,
              titleKey: titleKey(req.title),
              text: sanitizeTaskText(req.text ?? ''),
              payGroup: req.payGroup ?? null,
              readOnlyForEditors: req.readOnlyForEditors ?? false,
              createdById: user.id,
              updatedById: user.id,
            },
          });
          await this.tags.setJobTaskTags(tx, created.id, this.tags.normalize(req.tags ?? []));
          return toJobTaskDto(await this.find(tx, created.id));
        }),
      () => this.assertTitleFree(this.prisma, req.title),
    );
    this.events.broadcastEvent({ type: 'job-task:created', data: task, userId: user.id, clientId });
    return task;
  }

  /** Changes only what differs; updatedAt/By move only when content actually changed. */
  async update(id: number, req: UpdateJobTaskRequest, user: SessionUser, clientId: string): Promise<JobTaskDto> {
    const { task, changed } = await namingTitleConflicts(
      () =>
        this.prisma.$transaction(async (tx) => {
          const current = await this.findForChange(tx, id, user);
          assertAdminFieldsUnchanged(user, req, current);
          await this.locks.assertHeld(tx, 'JobTask', id, user.id, clientId);
          const data = columnChanges(req, current);
          if (data.title !== undefined) await this.assertTitleFree(tx, data.title, id);
          const tags = req.tags === undefined ? undefined : this.tags.normalize(req.tags);
          const tagsChanged = tags !== undefined && !sameTagSet(tags, tagNames(current.tags));
          if (tagsChanged) await this.tags.setJobTaskTags(tx, id, tags);
          if (Object.keys(data).length === 0 && !tagsChanged) return { task: toJobTaskDto(current), changed: false };
          await tx.jobTask.update({ where: { id }, data: { ...data, updatedAt: new Date(), updatedById: user.id } });
          return { task: toJobTaskDto(await this.find(tx, id)), changed: true };
        }),
      () => this.assertTitleFree(this.prisma, req.title ?? '', id),
    );
    if (changed) this.events.broadcastEvent({ type: 'job-task:updated', data: task, userId: user.id, clientId });
    return task;
  }

  /** Soft delete by the lock holder: the task stays in descriptions (shown struck through). */
  async softDelete(id: number, user: SessionUser, clientId: string): Promise<JobTaskDto> {
    const task = await this.prisma.$transaction(async (tx) => {
      await this.findForChange(tx, id, user);
      await this.locks.assertHeld(tx, 'JobTask', id, user.id, clientId);
      await tx.jobTask.update({ where: { id }, data: { deletedAt: new Date(), deletedById: user.id } });
      return toJobTaskDto(await this.find(tx, id));
    });
    this.events.broadcastEvent({ type: 'job-task:deleted', data: task, userId: user.id, clientId });
    return task;
  }

  /** Admin: clears the deletion; 409 for a live task, 423 while someone else holds its lock. */
  async restore(id: number, user: SessionUser, clientId: string): Promise<JobTaskDto> {
    const task = await this.prisma.$transaction(async (tx) => {
      await lockRow(tx, id);
      const current = await this.find(tx, id);
      if (!current.deletedAt) throw new ConflictException(`Job task ${id} is not deleted`);
      await this.locks.assertNotHeldByOther(tx, 'JobTask', id, user.id, clientId);
      await tx.jobTask.update({ where: { id }, data: { deletedAt: null, deletedById: null } });
      return toJobTaskDto(await this.find(tx, id));
    });
    this.events.broadcastEvent({ type: 'job-task:restored', data: task, userId: user.id, clientId });
    return task;
  }

  /**
   * Admin, SPEC §4.5: removes the task from every description and rebalances each of them; every
   * affected description gets its own association event, then the task's own event follows.
   */
  async permanentDelete(id: number, user: SessionUser, clientId: string): Promise<void> {
    const affected = await this.prisma.$transaction(async (tx) => {
      await lockRow(tx, id);
      await this.find(tx, id);
      await this.locks.assertNotHeldByOther(tx, 'JobTask', id, user.id, clientId);
      return this.purger.purge(tx, id, user, clientId);
    });
    for (const jobDescription of affected) {
      this.events.broadcastEvent({
        type: 'job-description-task:deleted',
        data: { jobDescriptionId: jobDescription.id, jobTaskId: id, jobDescription },
        userId: user.id,
        clientId,
      });
    }
    this.events.broadcastEvent({ type: 'job-task:permanent-deleted', data: { id }, userId: user.id, clientId });
  }

  private async find(db: Tx, id: number): Promise<JobTaskRow> {
    const row = await db.jobTask.findUnique({ where: { id }, include: JOB_TASK_INCLUDE });
    if (!row) throw new NotFoundException(`Job task ${id} does not exist`);
    return row;
  }

  /** The task, row-locked, after the checks every change shares: exists, editable by this user, not deleted. */
  private async findForChange(tx: Tx, id: number, user: SessionUser): Promise<JobTaskRow> {
    await lockRow(tx, id);
    const task = await this.find(tx, id);
    assertMayChange(user, task, `Job task ${id}`);
    if (task.deletedAt) throw new ConflictException(`Job task ${id} is deleted; an administrator can restore it`);
    return task;
  }

  private async assertTitleFree(db: Tx, title: string, selfId?: number): Promise<void> {
    const holder = await db.jobTask.findUnique({
      where: { titleKey: titleKey(title) },
      select: { id: true, title: true, deletedAt: true },
    });
    assertTitleFree('job task', holder, selfId);
  }
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

/** Serializes concurrent changes of one task (and an association add racing a delete). */
async function lockRow(tx: Tx, id: number): Promise<void> {
  await tx.$queryRaw`SELECT id FROM job_tasks WHERE id = ${id} FOR UPDATE`;
}
