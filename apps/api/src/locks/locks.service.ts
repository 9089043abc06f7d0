import { Injectable } from '@nestjs/common';
import type { LockDto, LockEntityType, UserRef } from '@tdgen/contracts';
import { EventsService } from '../events/events.service';
import type { Lock, User } from '../generated/prisma/client';
import { PrismaService, type Tx } from '../prisma/prisma.service';
import { LockedException, LockRequiredException } from './lock-errors';

export function toLockDto(lock: Lock & { user: Pick<User, 'id' | 'displayName'> }): LockDto {
  const holder: UserRef = { id: lock.user.id, displayName: lock.user.displayName };
  return {
    entityType: lock.entityType,
    entityId: lock.entityId,
    holder,
    clientId: lock.clientId,
    acquiredAt: lock.acquiredAt.toISOString(),
    expiresAt: lock.expiresAt.toISOString(),
  };
}

@Injectable()
export class LocksService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly events: EventsService,
  ) {}

  /**
   * Inside a mutation's transaction: the caller's tab must hold a live lock on the record, else
   * 428 (no lock) or 423 (someone else's). The row is read FOR SHARE so a concurrent break or
   * takeover waits for this transaction; a write from a tab that lost its lock is refused.
   */
  async assertHeld(
    tx: Tx,
    entityType: LockEntityType,
    entityId: number,
    userId: number,
    clientId: string,
  ): Promise<void> {
    const lock = await this.currentLockForUpdate(tx, entityType, entityId);
    if (!lock) throw new LockRequiredException(describe(entityType, entityId));
    if (lock.userId !== userId || lock.clientId !== clientId) {
      throw new LockedException(toLockDto(lock), lock.userId === userId);
    }
  }

  /** Inside a transaction: refuses (423) when a live lock of another user or tab guards the record. */
  async assertNotHeldByOther(
    tx: Tx,
    entityType: LockEntityType,
    entityId: number,
    userId: number,
    clientId: string | null,
  ): Promise<void> {
    const lock = await this.currentLockForUpdate(tx, entityType, entityId);
    if (lock && (lock.userId !== userId || lock.clientId !== clientId)) {
      throw new LockedException(toLockDto(lock), lock.userId === userId);
    }
  }

  /** The live (unexpired) lock of a record, locked FOR SHARE for the rest of the transaction. */
  private async currentLockForUpdate(tx: Tx, entityType: LockEntityType, entityId: number) {
    const rows = await tx.$queryRaw<{ user_id: number }[]>`
      SELECT user_id FROM locks
      WHERE entity_type = ${entityType}::lock_entity_type AND entity_id = ${entityId} AND expires_at > now()
      FOR SHARE`;
    if (rows.length === 0) return null;
    return tx.lock.findUnique({ where: { entityType_entityId: { entityType, entityId } }, include: { user: true } });
  }

  /** Releases every lock the user holds, in any tab (logout). */
  async releaseAllOfUser(userId: number): Promise<void> {
    const released = await this.prisma.$transaction(async (tx) => {
      const locks = await tx.lock.findMany({ where: { userId }, include: { user: true } });
      await tx.lock.deleteMany({ where: { userId } });
      return locks;
    });
    for (const lock of released) {
      this.events.broadcastEvent({
        type: 'lock:released',
        data: { lock: toLockDto(lock), by: null, reason: null },
        userId,
        clientId: lock.clientId,
      });
    }
  }
}

function describe(entityType: LockEntityType, entityId: number): string {
  return `${entityType === 'JobTask' ? 'job task' : 'job description'} ${entityId}`;
}
