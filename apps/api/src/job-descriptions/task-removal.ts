import { Injectable } from '@nestjs/common';
import { sharesAfterRemove, type JobDescriptionDto, type SessionUser } from '@tdgen/contracts';
import { JOB_DESCRIPTION_INCLUDE, toJobDescriptionDto } from '../catalogue/job-description.mapper';
import { LocksService } from '../locks/locks.service';
import type { Tx } from '../prisma/prisma.service';
import { placementsOf, touchDescriptions, writePlacements, type AssociationPlacement } from './association-placements';

/**
 * A task leaving every description that holds it, before the task's permanent delete
 * (docs/product.md § Deletion and restore): each description closes the gap in its order and hands
 * the share to the rest (§ Order, § Shares). Those descriptions change too, so none of them may be
 * locked by another user or tab (423 naming that lock; the admin can break it first).
 */
@Injectable()
export class TaskRemovalFromDescriptions {
  constructor(private readonly locks: LocksService) {}

  /** Removes the task (its row already locked by the caller) from every description; returns them, after. */
  async removeEverywhere(tx: Tx, jobTaskId: number, user: SessionUser, clientId: string): Promise<JobDescriptionDto[]> {
    // Lock the affected descriptions in id order, the same order every other writer uses.
    const locked = await tx.$queryRaw<{ id: number }[]>`
      SELECT d.id FROM job_descriptions d
      WHERE d.id IN (SELECT job_description_id FROM job_description_tasks WHERE job_task_id = ${jobTaskId})
      ORDER BY d.id FOR UPDATE`;
    const descriptionIds = locked.map((r) => r.id);
    await this.locks.assertNotHeldByOther(tx, 'JobDescription', descriptionIds, user.id, clientId, {
      entityType: 'JobTask',
      id: jobTaskId,
    });
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
    const descriptions = await tx.jobDescription.findMany({
      where: { id: { in: descriptionIds } },
      include: JOB_DESCRIPTION_INCLUDE,
      orderBy: { id: 'asc' },
    });
    return descriptions.map(toJobDescriptionDto);
  }
}
