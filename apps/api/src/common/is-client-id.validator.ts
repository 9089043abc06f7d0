import { CLIENT_ID_MAX_LENGTH } from '@tdgen/contracts';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isValidClientId } from './client-id.decorator';

/** A browser tab id, by the same rule as the X-Client-Id header. */
export function IsClientId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isClientId',
      validator: {
        validate: (value: unknown) => isValidClientId(value),
        defaultMessage: () => `clientId must be 1–${CLIENT_ID_MAX_LENGTH} letters, digits, - or _`,
      },
    },
    options,
  );
}
