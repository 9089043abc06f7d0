import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { Request } from 'express';
import { ParseIdPipe } from './parse-id.pipe';

const parseId = new ParseIdPipe();

const RawIdParam = createParamDecorator((name: string, ctx: ExecutionContext): number =>
  parseId.transform(ctx.switchToHttp().getRequest<Request>().params[name] as string),
);

/**
 * A route id, validated by ParseIdPipe against the raw path segment, and documented in OpenAPI.
 * `@Param('id', ParseIdPipe) id: number` does not work here: the global ValidationPipe
 * (transform: true) runs first and hands the pipe `+value` — a number, which it refuses — and would
 * turn "1e3", "0x10" or " 7" into ids. A custom parameter decorator gets the untouched string.
 */
export function IdParam(name: string): ParameterDecorator {
  return (target, key, index) => {
    RawIdParam(name)(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key) as PropertyDescriptor;
    ApiParam({ name, type: Number, description: 'Positive integer id' })(target, key, descriptor);
  };
}
