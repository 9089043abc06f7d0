import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import {
  FRAMEWORK_FIELDS,
  type CreateJobDescriptionRequest,
  type JobDescriptionDto,
  type ListQuery,
  type Page,
  type SessionUser,
  type SetPercentagesRequest,
  type TitleExistsResponse,
  type UpdateFrameworkDataRequest,
  type UpdateJobDescriptionRequest,
} from '@tdgen/contracts';
import { pageOf } from '../common/list-query.dto';
import { assertAdminFieldsUnchanged } from '../common/permissions';
import { assertTitleFree, namingTitleConflicts, titleKey } from '../common/titles';
import { EventsService } from '../events/events.service';
import {
  associationsOf,
  placementsOf,
  touchDescriptions,
  writePlacements,
} from '../job-description-tasks/association-writer';
import { LocksService } from '../locks/locks.service';
import { PrismaService, type Tx } from '../prisma/prisma.service';
import { sameTagSet, TagsService } from '../tags/tags.service';
import { JobDescriptionAccess } from './job-description-access';
import { descriptionListWhere } from './job-description-filters';
import { JOB_DESCRIPTION_INCLUDE, loadJobDescriptionDto, toJobDescriptionDto } from './job-description.mapper';
import { percentageListViolation } from './percentages';

const NO_ADMIN_FIELDS = { payGroup: null, readOnlyForEditors: false };

@Injectable()
export class JobDescriptionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly events: EventsService,
    private readonly locks: LocksService,
    private readonly tags: TagsService,
    private readonly access: JobDescriptionAccess,
  ) {}

  /** SPEC §4.7: one findMany (descriptions with tasks and tags) + one count. */
  async list(query: ListQuery): Promise<Page<JobDescriptionDto>> {
    const where = descriptionListWhere(query);
    const { take, skip } = pageOf(query);
    const [rows, total] = await this.prisma.$transaction([
      this.prisma.jobDescription.findMany({
        where,
        include: JOB_DESCRIPTION_INCLUDE,
        orderBy: [{ titleKey: 'asc' }, { id: 'asc' }],
        take,
        skip,
      }),
      this.prisma.jobDescription.count({ where }),
    ]);
    return { items: rows.map(toJobDescriptionDto), total, limit: take, offset: skip };
  }

  async exists(title: string): Promise<TitleExistsResponse> {
    const holder = await this.prisma.jobDescription.findUnique({ where: { titleKey: titleKey(title) } });
    return { exists: !!holder, id: holder?.id ?? null, deleted: !!holder?.deletedAt };
  }

  async get(id: number): Promise<JobDescriptionDto> {
    const row = await this.prisma.jobDescription.findUnique({ where: { id }, include: JOB_DESCRIPTION_INCLUDE });
    if (!row) throw new NotFoundException(`Job description ${id} does not exist`);
    return toJobDescriptionDto(row);
  }

  async create(req: CreateJobDescriptionRequest, user: SessionUser, clientId: string): Promise<JobDescriptionDto> {
    assertAdminFieldsUnchanged(user, req, NO_ADMIN_FIELDS);
    const description = await namingTitleConflicts(
      () =>
        this.prisma.$transaction(async (tx) => {
          await this.assertTitleFree(tx, req.title);
          const created = await tx.jobDescription.create({
            data: {
              title: req.title,
              titleKey: titleKey(req.title),
              readOnlyForEditors: req.readOnlyForEditors ?? false,
              ...frameworkChanges(req.frameworkData ?? {}),
              createdById: user.id,
              updatedById: user.id,
            },
          });
          await this.tags.setJobDescriptionTags(tx, created.id, this.tags.normalize(req.tags ?? []));
          return loadJobDescriptionDto(tx, created.id);
        }),
      () => this.assertTitleFree(this.prisma, req.title),
    );
    this.events.broadcastEvent({ type: 'job-description:created', data: description, userId: user.id, clientId });
    return description;
  }

  /** Title, tags and (admin) the read-only flag; updatedAt/By move only when something changed. */
  async update(
    id: number,
    req: UpdateJobDescriptionRequest,
    user: SessionUser,
    clientId: string,
  ): Promise<JobDescriptionDto> {
    const result = await namingTitleConflicts(
      () =>
        this.prisma.$transaction(async (tx) => {
          const current = await this.access.forChange(tx, id, user, clientId);
          assertAdminFieldsUnchanged(user, req, { ...current, payGroup: null });
          const data: { title?: string; titleKey?: string; readOnlyForEditors?: boolean } = {};
          if (req.title !== undefined && req.title !== current.title) {
            await this.assertTitleFree(tx, req.title, id);
            Object.assign(data, { title: req.title, titleKey: titleKey(req.title) });
          }
          if (req.readOnlyForEditors !== undefined && req.readOnlyForEditors !== current.readOnlyForEditors) {
            data.readOnlyForEditors = req.readOnlyForEditors;
          }
          let tagsChanged = false;
          if (req.tags !== undefined) {
            const tags = this.tags.normalize(req.tags);
            const links = await tx.jobDescriptionTag.findMany({
              where: { jobDescriptionId: id },
              include: { tag: true },
            });
            tagsChanged = !sameTagSet(
              tags,
              links.map((l) => l.tag.name),
            );
            if (tagsChanged) await this.tags.setJobDescriptionTags(tx, id, tags);
          }
          const changed = Object.keys(data).length > 0 || tagsChanged;
          if (changed) {
            await tx.jobDescription.update({
              where: { id },
              data: { ...data, updatedAt: new Date(), updatedById: user.id },
            });
          }
          return { description: await loadJobDescriptionDto(tx, id), changed };
        }),
      () => this.assertTitleFree(this.prisma, req.title ?? '', id),
    );
    return this.emitIfChanged(result, user, clientId);
  }

  /** SPEC §3.5: only the fields sent change; an empty string or null clears a field. */
  async updateFrameworkData(
    id: number,
    req: UpdateFrameworkDataRequest,
    user: SessionUser,
    clientId: string,
  ): Promise<JobDescriptionDto> {
    const result = await this.prisma.$transaction(async (tx) => {
      const current = await this.access.forChange(tx, id, user, clientId);
      const changes = frameworkChanges(req);
      const changed = Object.entries(changes).some(
        ([field, value]) => current[field as keyof typeof changes] !== value,
      );
      if (changed) {
        await tx.jobDescription.update({
          where: { id },
          data: { ...changes, updatedAt: new Date(), updatedById: user.id },
        });
      }
      return { description: await loadJobDescriptionDto(tx, id), changed };
    });
    return this.emitIfChanged(result, user, clientId);
  }

  /** SPEC §4.2: explicit shares naming every association once; 400 naming the rule, nothing written. */
  async setPercentages(
    id: number,
    req: SetPercentagesRequest,
    user: SessionUser,
    clientId: string,
  ): Promise<JobDescriptionDto> {
    const result = await this.prisma.$transaction(async (tx) => {
      await this.access.forChange(tx, id, user, clientId);
      const rows = await associationsOf(tx, id);
      const violation = percentageListViolation(rows, req.percentages);
      if (violation) throw new BadRequestException(`Invalid percentages: ${violation}`);
      const wanted = new Map(req.percentages.map((e) => [e.jobTaskId, e.percentage]));
      const firstChanged = rows.find((r) => wanted.get(r.jobTaskId) !== r.percentage);
      if (firstChanged) {
        const taskIds = rows.map((r) => r.jobTaskId);
        await writePlacements(
          tx,
          placementsOf(
            id,
            taskIds,
            taskIds.map((t) => wanted.get(t) as number),
          ),
        );
        await touchDescriptions(tx, [id], user.id);
      }
      return { description: await loadJobDescriptionDto(tx, id), firstChangedTaskId: firstChanged?.jobTaskId };
    });
    const { description, firstChangedTaskId } = result;
    if (firstChangedTaskId !== undefined) {
      this.events.broadcastEvent({
        type: 'job-description-task:percentage-changed',
        // One event for the whole list; it names the first association whose share changed.
        data: { jobDescriptionId: id, jobTaskId: firstChangedTaskId, jobDescription: description },
        userId: user.id,
        clientId,
      });
    }
    return description;
  }

  /** Soft delete by the lock holder; associations are kept. */
  async softDelete(id: number, user: SessionUser, clientId: string): Promise<JobDescriptionDto> {
    const description = await this.prisma.$transaction(async (tx) => {
      await this.access.forChange(tx, id, user, clientId);
      await tx.jobDescription.update({ where: { id }, data: { deletedAt: new Date(), deletedById: user.id } });
      return loadJobDescriptionDto(tx, id);
    });
    this.events.broadcastEvent({ type: 'job-description:deleted', data: description, userId: user.id, clientId });
    return description;
  }

  /** Admin: 409 for a live description, 423 while someone else holds its lock. */
  async restore(id: number, user: SessionUser, clientId: string): Promise<JobDescriptionDto> {
    const description = await this.prisma.$transaction(async (tx) => {
      const current = await this.access.lockRow(tx, id);
      if (!current.deletedAt) throw new ConflictException(`Job description ${id} is not deleted`);
      await this.locks.assertNotHeldByOther(tx, 'JobDescription', id, user.id, clientId);
      await tx.jobDescription.update({ where: { id }, data: { deletedAt: null, deletedById: null } });
      return loadJobDescriptionDto(tx, id);
    });
    this.events.broadcastEvent({ type: 'job-description:restored', data: description, userId: user.id, clientId });
    return description;
  }

  /** Admin: removes the description with its associations, tags and framework data. */
  async permanentDelete(id: number, user: SessionUser, clientId: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await this.access.lockRow(tx, id);
      await this.locks.assertNotHeldByOther(tx, 'JobDescription', id, user.id, clientId);
      await tx.jobDescription.delete({ where: { id } });
    });
    this.events.broadcastEvent({ type: 'job-description:permanent-deleted', data: { id }, userId: user.id, clientId });
  }

  private emitIfChanged(
    result: { description: JobDescriptionDto; changed: boolean },
    user: SessionUser,
    clientId: string,
  ): JobDescriptionDto {
    if (result.changed) {
      this.events.broadcastEvent({
        type: 'job-description:updated',
        data: result.description,
        userId: user.id,
        clientId,
      });
    }
    return result.description;
  }

  private async assertTitleFree(db: Tx, title: string, selfId?: number): Promise<void> {
    const holder = await db.jobDescription.findUnique({
      where: { titleKey: titleKey(title) },
      select: { id: true, title: true, deletedAt: true },
    });
    assertTitleFree('job description', holder, selfId);
  }
}

/** The framework columns to write: only the fields sent; blank text is stored as null. */
function frameworkChanges(req: UpdateFrameworkDataRequest): UpdateFrameworkDataRequest {
  const changes: UpdateFrameworkDataRequest = {};
  for (const field of FRAMEWORK_FIELDS) {
    const value = req[field];
    if (value !== undefined) changes[field] = value === null || value.trim() === '' ? null : value;
  }
  return changes;
}
