import { Prisma } from '../generated/prisma/client';
import type { Tx } from '../prisma/prisma.service';

/** The order and share an association must have after a change. */
export interface AssociationPlacement {
  jobDescriptionId: number;
  jobTaskId: number;
  order: number;
  percentage: number;
}

export interface AssociationRow {
  jobTaskId: number;
  order: number;
  percentage: number;
}

/** The associations of a description in order (call after locking the description's row). */
export function associationsOf(tx: Tx, jobDescriptionId: number): Promise<AssociationRow[]> {
  return tx.jobDescriptionTask.findMany({
    where: { jobDescriptionId },
    orderBy: { order: 'asc' },
    select: { jobTaskId: true, order: true, percentage: true },
  });
}

/**
 * Writes order and share of existing associations in one statement. The (description, order)
 * uniqueness is checked at commit (DEFERRABLE INITIALLY DEFERRED), so rows may pass through each
 * other's positions here.
 */
export async function writePlacements(tx: Tx, placements: readonly AssociationPlacement[]): Promise<void> {
  if (placements.length === 0) return;
  const values = Prisma.join(
    placements.map(
      (p) => Prisma.sql`(${p.jobDescriptionId}::int, ${p.jobTaskId}::int, ${p.order}::int, ${p.percentage}::int)`,
    ),
  );
  await tx.$executeRaw`
    UPDATE job_description_tasks AS a
    SET "order" = v.ord, percentage = v.pct
    FROM (VALUES ${values}) AS v(description_id, task_id, ord, pct)
    WHERE a.job_description_id = v.description_id AND a.job_task_id = v.task_id`;
}

/** Placements of `taskIds` in this order with these shares (orders 0…n−1). */
export function placementsOf(
  jobDescriptionId: number,
  taskIds: readonly number[],
  shares: readonly number[],
): AssociationPlacement[] {
  return taskIds.map((jobTaskId, order) => ({ jobDescriptionId, jobTaskId, order, percentage: shares[order] }));
}

/** Association changes are content changes of the description (docs/product.md § Order: updatedAt/By move). */
export async function touchDescriptions(tx: Tx, ids: readonly number[], userId: number): Promise<void> {
  if (ids.length === 0) return;
  await tx.jobDescription.updateMany({
    where: { id: { in: [...ids] } },
    data: { updatedAt: new Date(), updatedById: userId },
  });
}
