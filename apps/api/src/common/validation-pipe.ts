import { HttpException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from '@tdgen/contracts';
import { ApiException } from './api-exception';

/** More failing fields than any form has: the list stops here (the messages have their own limit). */
const MAX_FIELD_ERRORS = 100;

/** The failing fields of class-validator's error tree, by path (`frameworkData.education`, `percentages.0.percentage`). */
export function fieldErrors(
  errors: readonly ValidationError[],
  parentPath = '',
  into: FieldError[] = [],
): FieldError[] {
  for (const error of errors) {
    if (into.length >= MAX_FIELD_ERRORS) break;
    const field = parentPath ? `${parentPath}.${error.property}` : error.property || 'body';
    if (error.constraints) into.push({ field, rules: Object.keys(error.constraints) });
    if (error.children?.length) fieldErrors(error.children, field, into);
  }
  return into;
}

/**
 * The global ValidationPipe (docs/product.md § Errors: validate at the edge): whitelisted DTOs, no
 * unknown fields, no implicit conversion; a failure is VALIDATION_FAILED naming the fields and
 * rules, with Nest's usual messages as `message`.
 */
export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      stopAtFirstError: false,
    });
    const messagesOf = this.createExceptionFactory();
    this.exceptionFactory = (errors: ValidationError[]) => {
      const nestError = messagesOf(errors) as HttpException;
      const { message } = nestError.getResponse() as { message: string | string[] };
      return new ApiException('VALIDATION_FAILED', { fields: fieldErrors(errors) }, message);
    };
  }
}

const GLOBAL_PIPE = new ApiValidationPipe();

/** The global pipe's check of one input, as Nest runs it for a parameter of that type (the lean routes, ADR 0020). */
export function validated<T extends object>(
  metatype: new () => T,
  value: unknown,
  type: 'body' | 'query' = 'body',
): Promise<T> {
  return GLOBAL_PIPE.transform(value, { type, metatype }) as Promise<T>;
}
