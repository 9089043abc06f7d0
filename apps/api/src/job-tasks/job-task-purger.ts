import { Injectable } from '@nestjs/common';
import { sharesAfterRemove, type JobDescriptionDto, type SessionUser } from '@tdgen/contracts';
import {
  placementsOf,
  touchDescriptions,
  writePlacements,
  type AssociationPlacement,
} from '../job-description-tasks/association-writer';
import { JOB_DESCRIPTION_INCLUDE, toJobDescriptionDto } from '../job-descriptions/job-description.mapper';
import { LocksService } from '../locks/locks.service';
import type { Tx } from '../prisma/prisma.service';

/**
 * The cleanup of a task's permanent delete (SPEC §4.5): it leaves every description that holds it,
 * each of them closing the gap in its order and handing the share to the rest (SPEC §4.2–4.3).
 * Those descriptions change too, so like the task itself none of them may be locked by another
 * user or tab (423 naming that lock; the admin can break it first).
 */
@Injectable()
export class JobTaskPurger {
  constructor(private readonly locks: LocksService) {}

  /** Deletes the task (row already locked by the caller) and returns the affected descriptions, after. */
  async purge(tx: Tx, jobTaskId: number, user: SessionUser, clientId: string): Promise<JobDescriptionDto[]> {
    // Lock the affected descriptions in id order, the same order every other writer uses.
    const locked = await tx.$queryRaw<{ id: number }[]>`
      SELECT d.id FROM job_descriptions d
      WHERE d.id IN (SELECT job_description_id FROM job_description_tasks WHERE job_task_id = ${jobTaskId})
      ORDER BY d.id FOR UPDATE`;
    const descriptionIds = locked.map((r) => r.id);
    await this.locks.assertNotHeldByOther(tx, 'JobDescription', descriptionIds, user.id, clientId);
    const associations = await tx.jobDescriptionTask.findMany({
      where: { jobDescriptionId: { in: descriptionIds } },
      orderBy: [{ jobDescriptionId: 'asc' }, { order: 'asc' }],
    });
    const placements: AssociationPlacement[] = [];
    for (const descriptionId of descriptionIds) {
      const rows = associations.filter((a) => a.jobDescriptionId === descriptionId);
      const index = rows.findIndex((a) => a.jobTaskId === jobTaskId);
      if (index === -1) continue;
      const shares = sharesAfterRemove(
        rows.map((a) => a.percentage),
        index,
      );
      const remaining = rows.filter((a) => a.jobTaskId !== jobTaskId).map((a) => a.jobTaskId);
      placements.push(...placementsOf(descriptionId, remaining, shares));
    }
    await tx.jobDescriptionTask.deleteMany({ where: { jobTaskId } });
    await writePlacements(tx, placements);
    await touchDescriptions(tx, descriptionIds, user.id);
    await tx.jobTask.delete({ where: { id: jobTaskId } });
    const descriptions = await tx.jobDescription.findMany({
      where: { id: { in: descriptionIds } },
      include: JOB_DESCRIPTION_INCLUDE,
      orderBy: { id: 'asc' },
    });
    return descriptions.map(toJobDescriptionDto);
  }
}
