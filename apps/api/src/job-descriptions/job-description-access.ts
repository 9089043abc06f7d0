import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { SessionUser } from '@tdgen/contracts';
import { assertMayChange } from '../common/permissions';
import type { JobDescription } from '../generated/prisma/client';
import { LocksService } from '../locks/locks.service';
import type { Tx } from '../prisma/prisma.service';

/**
 * The checks every change of a description runs first, inside its transaction — shared by the
 * description's own endpoints and the association endpoints (SPEC §4.1, §2, §5.4).
 */
@Injectable()
export class JobDescriptionAccess {
  constructor(private readonly locks: LocksService) {}

  /** The description's row, locked FOR UPDATE (serializing concurrent changes of it), or 404. */
  async lockRow(tx: Tx, id: number): Promise<JobDescription> {
    await tx.$queryRaw`SELECT id FROM job_descriptions WHERE id = ${id} FOR UPDATE`;
    const row = await tx.jobDescription.findUnique({ where: { id } });
    if (!row) throw new NotFoundException(`Job description ${id} does not exist`);
    return row;
  }

  /**
   * For a change by the lock holder: exists (404), editable by this user (403), not deleted (409),
   * and the calling tab holds the description's lock (428/423).
   */
  async forChange(tx: Tx, id: number, user: SessionUser, clientId: string): Promise<JobDescription> {
    const row = await this.lockRow(tx, id);
    assertMayChange(user, row, `Job description ${id}`);
    if (row.deletedAt) {
      throw new ConflictException(
        `Job description ${id} is deleted and cannot be changed; an administrator can restore it`,
      );
    }
    await this.locks.assertHeld(tx, 'JobDescription', id, user.id, clientId);
    return row;
  }
}
