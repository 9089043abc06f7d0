import { HttpException, HttpStatus } from '@nestjs/common';
import { LOCK_OFFERED, STALE_LOCK, type LockDto, type LockOfferDto } from '@tdgen/contracts';

/** 428: the mutation needs the record's lock and the caller's tab does not hold it (docs/product.md § Locks). */
export class LockRequiredException extends HttpException {
  constructor(what: string) {
    super(
      { statusCode: 428, error: 'LOCK_REQUIRED', message: `Acquire the lock of ${what} before changing it` },
      HttpStatus.PRECONDITION_REQUIRED,
    );
  }
}

/** 423: someone else (another user, or the same user in another tab) holds the lock. */
export class LockedException extends HttpException {
  constructor(lock: LockDto, heldBySelfElsewhere = false) {
    super(
      {
        statusCode: 423,
        error: 'LOCKED',
        message: heldBySelfElsewhere
          ? 'You are editing this record in another tab'
          : `Locked by ${lock.holder.displayName} since ${lock.acquiredAt}`,
        lock,
        ...(heldBySelfElsewhere ? { heldBySelfElsewhere: true } : {}),
      },
      HttpStatus.LOCKED,
    );
  }
}

/** 423: the tab still holds the record's lock, but a write carried an older fencing token (docs/adr/0015). */
export class StaleLockException extends HttpException {
  constructor(lock: LockDto) {
    super(
      {
        statusCode: 423,
        error: STALE_LOCK,
        message: 'This change was made under an earlier lock of the record; reload it and try again',
        lock,
      },
      HttpStatus.LOCKED,
    );
  }
}

/** 423: the record is free but reserved for the first in its line until the offer runs out. */
export class LockOfferedException extends HttpException {
  constructor(offer: LockOfferDto) {
    super(
      {
        statusCode: 423,
        error: LOCK_OFFERED,
        message: `Reserved for ${offer.user.displayName}, who was waiting, until ${offer.expiresAt}`,
        offer,
      },
      HttpStatus.LOCKED,
    );
  }
}
