import type { CatalogueRecordRef, LockDto, LockEntityType } from '@tdgen/contracts';
import { ApiException } from '../common/api-exception';
import { describeRecord } from './lock-rows';

/** 428: the mutation needs the record's lock and the caller's tab does not hold it (docs/product.md § Locks). */
export function lockRequired(entityType: LockEntityType, id: number): ApiException<'LOCK_REQUIRED'> {
  return new ApiException(
    'LOCK_REQUIRED',
    { record: { entityType, id } },
    `Acquire the lock of ${describeRecord(entityType, id)} before changing it`,
  );
}

/**
 * 423: someone else (another user, or the same user in another tab) holds the lock. `record` is
 * the record the refused request was about, when that is not the locked one (a task's permanent
 * delete refused by the lock of a description containing it).
 */
export function locked(
  lock: LockDto,
  heldBySelfElsewhere: boolean,
  record?: CatalogueRecordRef,
): ApiException<'LOCKED'> {
  return new ApiException(
    'LOCKED',
    { lock, heldBySelfElsewhere, record: record ?? { entityType: lock.entityType, id: lock.entityId } },
    heldBySelfElsewhere
      ? 'You are editing this record in another tab'
      : `Locked by ${lock.holder.displayName} since ${lock.acquiredAt}`,
  );
}
