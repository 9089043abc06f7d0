import type { CatalogueRecordRef, LockDto, LockEntityType, LockOfferDto } from '@tdgen/contracts';
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

/** 423: the tab still holds the record's lock, but a write carried an older fencing token (docs/adr/0016). */
export function staleLock(lock: LockDto): ApiException<'STALE_LOCK'> {
  return new ApiException(
    'STALE_LOCK',
    { lock, record: { entityType: lock.entityType, id: lock.entityId } },
    'This change was made under an earlier lock of the record; reload it and try again',
  );
}

/** 423: the record is free but reserved for the first in its line until the offer runs out. */
export function lockOffered(offer: LockOfferDto): ApiException<'LOCK_OFFERED'> {
  return new ApiException(
    'LOCK_OFFERED',
    { offer, record: { entityType: offer.entityType, id: offer.entityId } },
    `Reserved for ${offer.user.displayName}, who was waiting, until ${offer.expiresAt}`,
  );
}

/** 409: asking for a handover or a place in line for a record nobody holds. */
export function recordFree(entityType: LockEntityType, id: number): ApiException<'RECORD_FREE'> {
  return new ApiException(
    'RECORD_FREE',
    { record: { entityType, id } },
    `${describeRecord(entityType, id)} is free; take the lock`,
  );
}

/** 409: the caller holds the lock (in this tab, or — `isOtherTab` — in another one: take it over). */
export function ownLock(record: CatalogueRecordRef, isOtherTab: boolean): ApiException<'OWN_LOCK'> {
  return new ApiException(
    'OWN_LOCK',
    { record, isOtherTab },
    isOtherTab ? 'You are editing this record in another tab; take it over instead' : 'You hold this lock yourself',
  );
}
