import { Injectable } from '@nestjs/common';
import {
  describeSharesViolation,
  FRAMEWORK_FIELDS,
  type CreateJobDescriptionRequest,
  type DomainEventInput,
  type JobDescriptionDto,
  type SessionUser,
  type SetPercentagesRequest,
  type UpdateFrameworkDataRequest,
  type UpdateJobDescriptionRequest,
} from '@tdgen/contracts';
import { PageCache } from '../catalogue/page-cache';
import { CatalogueService } from '../catalogue/catalogue.service';
import { ApiException } from '../common/api-exception';
import { loadJobDescriptionDto } from '../catalogue/job-description.mapper';
import { assertAdminFieldsUnchanged } from '../catalogue/permissions';
import { titleKey } from '../catalogue/titles';
import { EventLog, type RecordEvent } from '../events/event-log';
import type { JobDescription, Prisma } from '../generated/prisma/client';
import { PrismaService, type Tx } from '../prisma/prisma.service';
import { sameTagSet, TagsService } from '../tags/tags.service';
import { associationsOf, placementsOf, touchDescriptions, writePlacements } from './association-placements';
import { JOB_DESCRIPTION_RECORDS, JobDescriptionAccess } from './job-description-access';
import { percentageListViolation } from './percentages';

const NO_ADMIN_FIELDS = { payGroup: null, readOnlyForEditors: false };

/**
 * Job descriptions: the shared catalogue lifecycle plus list, create, update, framework data and
 * shares (docs/product.md § Job descriptions).
 */
@Injectable()
export class JobDescriptionsService extends CatalogueService<JobDescription, JobDescriptionDto> {
  constructor(
    prisma: PrismaService,
    log: EventLog,
    access: JobDescriptionAccess,
    private readonly tags: TagsService,
    pages: PageCache,
  ) {
    super(prisma, log, access, JOB_DESCRIPTION_RECORDS, pages);
  }

  async create(req: CreateJobDescriptionRequest, user: SessionUser, clientId: string): Promise<JobDescriptionDto> {
    assertAdminFieldsUnchanged(user, req, NO_ADMIN_FIELDS);
    return this.insertTitled(
      req,
      user,
      async (tx, columns) => {
        const readOnlyForEditors = req.readOnlyForEditors ?? false;
        const data = { ...columns, readOnlyForEditors, ...frameworkChanges(req.frameworkData ?? {}) };
        return (await tx.jobDescription.create({ data })).id;
      },
      (description) => ({ type: 'job-description:created', data: description, userId: user.id, clientId }),
    );
  }

  /** Title, tags and (admin) the read-only flag; updatedAt/By move only when something changed. */
  async update(
    id: number,
    req: UpdateJobDescriptionRequest,
    user: SessionUser,
    clientId: string,
  ): Promise<JobDescriptionDto> {
    return this.writingTitle(req.title ?? '', id, () =>
      this.log.transaction(async (tx, record) => {
        const current = await this.access.forChange(tx, id, user, clientId);
        assertAdminFieldsUnchanged(user, req, { ...current, payGroup: null });
        const data: { title?: string; titleKey?: string; readOnlyForEditors?: boolean } = {};
        if (req.title !== undefined && req.title !== current.title) {
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
        return this.saveContent(tx, id, data, changed, { user, clientId, record });
      }),
    );
  }

  /** docs/product.md § Framework data: only the fields sent change; an empty string or null clears a field. */
  async updateFrameworkData(
    id: number,
    req: UpdateFrameworkDataRequest,
    user: SessionUser,
    clientId: string,
  ): Promise<JobDescriptionDto> {
    return this.log.transaction(async (tx, record) => {
      const current = await this.access.forChange(tx, id, user, clientId);
      const changes = frameworkChanges(req);
      const changed = Object.entries(changes).some(
        ([field, value]) => current[field as keyof typeof changes] !== value,
      );
      return this.saveContent(tx, id, changes, changed, { user, clientId, record });
    });
  }

  /** docs/product.md § Shares: explicit shares naming every association once; 400 naming the rule, nothing written. */
  async setPercentages(
    id: number,
    req: SetPercentagesRequest,
    user: SessionUser,
    clientId: string,
  ): Promise<JobDescriptionDto> {
    return this.log.transaction(async (tx, record) => {
      await this.access.forChange(tx, id, user, clientId);
      const rows = await associationsOf(tx, id);
      const violation = percentageListViolation(rows, req.percentages);
      if (violation) {
        throw new ApiException(
          'SHARES_INVALID',
          violation,
          `Invalid percentages: ${describeSharesViolation(violation)}`,
        );
      }
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
      const description = await loadJobDescriptionDto(tx, id);
      if (firstChanged) {
        record({
          type: 'job-description-task:percentage-changed',
          // One event for the whole list; it names the first association whose share changed.
          data: { jobDescriptionId: id, jobTaskId: firstChanged.jobTaskId, jobDescription: description },
          userId: user.id,
          clientId,
        });
      }
      return description;
    });
  }

  /** Its associations, tags and framework data go with it (cascading deletes); no other record changes. */
  protected async removeForGood(tx: Tx, id: number): Promise<DomainEventInput[]> {
    await tx.jobDescription.delete({ where: { id } });
    return [];
  }

  protected setTags(tx: Tx, id: number, tags: string[]): Promise<void> {
    return this.tags.setJobDescriptionTags(tx, id, this.tags.normalize(tags));
  }

  /**
   * Writes `data` with the audit columns when the content changed, and then records
   * `job-description:updated`; returns the description after.
   */
  private async saveContent(
    tx: Tx,
    id: number,
    data: Prisma.JobDescriptionUncheckedUpdateInput,
    changed: boolean,
    { user, clientId, record }: { user: SessionUser; clientId: string; record: RecordEvent },
  ): Promise<JobDescriptionDto> {
    if (changed) {
      await tx.jobDescription.update({ where: { id }, data: { ...data, updatedAt: new Date(), updatedById: user.id } });
    }
    const description = await loadJobDescriptionDto(tx, id);
    if (changed) record({ type: 'job-description:updated', data: description, userId: user.id, clientId });
    return description;
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
