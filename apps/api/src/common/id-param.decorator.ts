import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { MAX_INT4 } from '@tdgen/contracts';
import type { Request } from 'express';
import { ApiException } from './api-exception';

/** Parses a route id: a positive integer that fits the int4 id columns (`field` names it in the error). */
export function parseId(value: unknown, field = 'id'): number {
  const invalid = (rule: string, message: string) =>
    new ApiException('VALIDATION_FAILED', { fields: [{ field, rules: [rule] }] }, message);
  if (typeof value !== 'string' || !/^\d{1,10}$/.test(value)) {
    throw invalid('isPositiveInt', `${field} must be a positive integer, got "${String(value).slice(0, 40)}"`);
  }
  const id = Number(value);
  if (id < 1 || id > MAX_INT4) throw invalid('int4', `${field} must be between 1 and ${MAX_INT4}`);
  return id;
}

const RawIdParam = createParamDecorator((name: string, ctx: ExecutionContext): number =>
  parseId(ctx.switchToHttp().getRequest<Request>().params[name], name),
);

/**
 * A route id, parsed by `parseId` from the raw path segment, and documented in OpenAPI.
 * A pipe (`@Param('id', SomePipe)`) does not work here: the global ValidationPipe
 * (transform: true) runs first and hands the pipe `+value` — a number — and would turn "1e3",
 * "0x10" or " 7" into ids. A custom parameter decorator gets the untouched string.
 */
export function IdParam(name: string): ParameterDecorator {
  return (target, key, index) => {
    RawIdParam(name)(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key) as PropertyDescriptor;
    ApiParam({ name, type: Number, description: 'Positive integer id' })(target, key, descriptor);
  };
}
