import { Injectable } from '@nestjs/common';
import {
  sharesAfterAdd,
  sharesAfterRemove,
  type AddJobDescriptionTaskRequest,
  type DomainEventType,
  type JobDescriptionDto,
  type SessionUser,
} from '@tdgen/contracts';
import { ApiException } from '../common/api-exception';
import { ConfigService } from '../config/config.service';
import { EventLog, type RecordEvent } from '../events/event-log';
import { JobDescriptionAccess } from '../job-descriptions/job-description-access';
import { loadJobDescriptionDto } from '../catalogue/job-description.mapper';
import type { Tx } from '../prisma/prisma.service';
import {
  associationsOf,
  placementsOf,
  touchDescriptions,
  writePlacements,
  type AssociationRow,
} from '../job-descriptions/association-placements';

type AssociationEventType = Extract<DomainEventType, `job-description-task:${string}`>;

/**
 * Adding, moving and removing tasks of a description (docs/product.md § Limits, § Shares, § Order), each in one transaction under
 * the description's lock; every response is the whole description after the change.
 */
@Injectable()
export class JobDescriptionTasksService {
  constructor(
    private readonly log: EventLog,
    private readonly config: ConfigService,
    private readonly access: JobDescriptionAccess,
  ) {}

  /** Inserts the task at `index` (default: the end) with an equal share taken proportionally from the rest. */
  async add(req: AddJobDescriptionTaskRequest, user: SessionUser, clientId: string): Promise<JobDescriptionDto> {
    const { jobDescriptionId, jobTaskId } = req;
    const max = this.config.get('maxTasksPerDescription');
    return this.log.transaction(async (tx, record) => {
      // The task row first, then the description: the order a permanent delete of the task locks
      // them in, so the two cannot deadlock and a task being deleted cannot slip in.
      await tx.$queryRaw`SELECT id FROM job_tasks WHERE id = ${jobTaskId} FOR SHARE`;
      await this.access.forChange(tx, jobDescriptionId, user, clientId);
      const task = await tx.jobTask.findUnique({ where: { id: jobTaskId }, select: { deletedAt: true } });
      const taskRef = { entityType: 'JobTask' as const, id: jobTaskId };
      if (!task) throw new ApiException('NOT_FOUND', { records: [taskRef] }, `Job task ${jobTaskId} does not exist`);
      if (task.deletedAt) {
        throw new ApiException(
          'RECORD_DELETED',
          { record: taskRef },
          `Job task ${jobTaskId} is deleted and cannot be added`,
        );
      }
      const rows = await associationsOf(tx, jobDescriptionId);
      if (rows.some((r) => r.jobTaskId === jobTaskId)) {
        throw new ApiException(
          'TASK_ALREADY_IN_DESCRIPTION',
          { jobDescriptionId, jobTaskId },
          `Job task ${jobTaskId} is already part of job description ${jobDescriptionId}`,
        );
      }
      if (rows.length >= max) {
        throw new ApiException(
          'MAX_TASKS',
          { jobDescriptionId, limit: max },
          `A job description holds at most ${max} tasks; remove one before adding another`,
        );
      }
      const index = req.index ?? rows.length;
      if (index > rows.length) throw indexOutOfRange(index, rows.length);
      const taskIds = rows.map((r) => r.jobTaskId);
      taskIds.splice(index, 0, jobTaskId);
      const placements = placementsOf(jobDescriptionId, taskIds, sharesAfterAdd(percentages(rows), index));
      await tx.jobDescriptionTask.create({ data: placements[index] });
      await writePlacements(
        tx,
        placements.filter((p) => p.jobTaskId !== jobTaskId),
      );
      const description = await this.finish(tx, jobDescriptionId, user);
      return this.emit(record, 'job-description-task:created', description, jobTaskId, user, clientId);
    });
  }

  /** Moves the task to `index`; the rows in between shift by one, shares stay with their tasks. */
  async move(
    jobDescriptionId: number,
    jobTaskId: number,
    index: number,
    user: SessionUser,
    clientId: string,
  ): Promise<JobDescriptionDto> {
    return this.log.transaction(async (tx, record) => {
      const rows = await this.lockedRows(tx, jobDescriptionId, user, clientId);
      const from = positionOf(rows, jobDescriptionId, jobTaskId);
      if (index >= rows.length) throw indexOutOfRange(index, rows.length - 1);
      if (index === from) return loadJobDescriptionDto(tx, jobDescriptionId);
      const reordered = [...rows];
      const [moving] = reordered.splice(from, 1);
      reordered.splice(index, 0, moving);
      await writePlacements(
        tx,
        placementsOf(
          jobDescriptionId,
          reordered.map((r) => r.jobTaskId),
          percentages(reordered),
        ),
      );
      const description = await this.finish(tx, jobDescriptionId, user);
      return this.emit(record, 'job-description-task:reordered', description, jobTaskId, user, clientId);
    });
  }

  /** Removes the task; its share goes to the rest proportionally and the order closes the gap. */
  async remove(
    jobDescriptionId: number,
    jobTaskId: number,
    user: SessionUser,
    clientId: string,
  ): Promise<JobDescriptionDto> {
    return this.log.transaction(async (tx, record) => {
      const rows = await this.lockedRows(tx, jobDescriptionId, user, clientId);
      const index = positionOf(rows, jobDescriptionId, jobTaskId);
      const shares = sharesAfterRemove(percentages(rows), index);
      await tx.jobDescriptionTask.delete({ where: { jobDescriptionId_jobTaskId: { jobDescriptionId, jobTaskId } } });
      const remaining = rows.filter((r) => r.jobTaskId !== jobTaskId).map((r) => r.jobTaskId);
      await writePlacements(tx, placementsOf(jobDescriptionId, remaining, shares));
      const description = await this.finish(tx, jobDescriptionId, user);
      return this.emit(record, 'job-description-task:deleted', description, jobTaskId, user, clientId);
    });
  }

  private async lockedRows(tx: Tx, jobDescriptionId: number, user: SessionUser, clientId: string) {
    await this.access.forChange(tx, jobDescriptionId, user, clientId);
    return associationsOf(tx, jobDescriptionId);
  }

  /** Association changes are content changes of the description: bump updatedAt/By, reload. */
  private async finish(tx: Tx, jobDescriptionId: number, user: SessionUser): Promise<JobDescriptionDto> {
    await touchDescriptions(tx, [jobDescriptionId], user.id);
    return loadJobDescriptionDto(tx, jobDescriptionId);
  }

  private emit(
    record: RecordEvent,
    type: AssociationEventType,
    jobDescription: JobDescriptionDto,
    jobTaskId: number,
    user: SessionUser,
    clientId: string,
  ): JobDescriptionDto {
    record({
      type,
      data: { jobDescriptionId: jobDescription.id, jobTaskId, jobDescription },
      userId: user.id,
      clientId,
    });
    return jobDescription;
  }
}

function percentages(rows: readonly AssociationRow[]): number[] {
  return rows.map((r) => r.percentage);
}

function positionOf(rows: readonly AssociationRow[], jobDescriptionId: number, jobTaskId: number): number {
  const index = rows.findIndex((r) => r.jobTaskId === jobTaskId);
  if (index === -1) {
    throw new ApiException(
      'TASK_NOT_IN_DESCRIPTION',
      { jobDescriptionId, jobTaskId },
      `Job task ${jobTaskId} is not part of job description ${jobDescriptionId}`,
    );
  }
  return index;
}

/** docs/product.md § Order: a position outside 0…max. */
function indexOutOfRange(index: number, max: number): ApiException<'INDEX_OUT_OF_RANGE'> {
  return new ApiException('INDEX_OUT_OF_RANGE', { index, max }, `index must be between 0 and ${max}`);
}
