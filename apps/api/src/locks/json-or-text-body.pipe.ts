import { Injectable, PipeTransform, type Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ApiException } from '../common/api-exception';
import { fieldErrors } from '../common/validation-pipe';

/**
 * Validates a body that may arrive as JSON or as text/plain holding JSON: navigator.sendBeacon
 * (the lock release on tab close, docs/product.md § Locks) can only send text/plain without a preflight. The
 * global ValidationPipe skips such a parameter (typed `unknown`), so the same rules as there —
 * whitelist, no unknown fields — are applied here.
 */
@Injectable()
export class JsonOrTextBodyPipe<T extends object> implements PipeTransform<unknown, Promise<T>> {
  constructor(private readonly dto: Type<T>) {}

  async transform(body: unknown): Promise<T> {
    let plain = body;
    if (typeof body === 'string') {
      try {
        plain = JSON.parse(body);
      } catch {
        throw new ApiException('MALFORMED_BODY', { reason: 'syntax' }, 'The body must be JSON');
      }
    }
    if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
      throw new ApiException('MALFORMED_BODY', { reason: 'not-an-object' }, 'The body must be a JSON object');
    }
    const instance = plainToInstance(this.dto, plain);
    const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      throw new ApiException(
        'VALIDATION_FAILED',
        { fields: fieldErrors(errors) },
        errors.flatMap((e) => Object.values(e.constraints ?? {})),
      );
    }
    return instance;
  }
}
