import { HttpException, HttpStatus } from '@nestjs/common';
import type { LockDto } from '@tdgen/contracts';

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
