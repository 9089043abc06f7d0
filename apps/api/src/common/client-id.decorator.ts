import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { CLIENT_ID_HEADER, CLIENT_ID_MAX_LENGTH } from '@tdgen/contracts';
import type { Request } from 'express';
import { ApiException } from './api-exception';

const CLIENT_ID = new RegExp(`^[A-Za-z0-9_-]{1,${CLIENT_ID_MAX_LENGTH}}$`);

export function isValidClientId(value: unknown): value is string {
  return typeof value === 'string' && CLIENT_ID.test(value);
}

/**
 * The acting browser tab (`X-Client-Id` header). Lock ownership is per tab, so every mutation
 * that needs a lock names its tab; a missing or malformed id is a 400.
 */
export const ClientId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const value = ctx.switchToHttp().getRequest<Request>().get(CLIENT_ID_HEADER);
  if (!isValidClientId(value)) {
    throw new ApiException(
      'VALIDATION_FAILED',
      { fields: [{ field: 'X-Client-Id', rules: ['clientId'] }] },
      `Header ${CLIENT_ID_HEADER} is required: 1–${CLIENT_ID_MAX_LENGTH} letters, digits, - or _`,
    );
  }
  return value;
});
