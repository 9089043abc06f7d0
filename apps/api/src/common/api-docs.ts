import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import {
  CLIENT_ID_HEADER,
  ERROR_CODES,
  ERROR_STATUS,
  LOCK_ENTITY_TYPES,
  LOCK_FENCES_HEADER,
  type ApiErrorBase,
  type ErrorCode,
  type AuditFields,
  type LockDto,
  type LockEntityType,
  type TitleExistsResponse,
  type UserRef,
} from '@tdgen/contracts';

/** OpenAPI models of the shared wire types (libs/contracts holds the interfaces they implement). */
export class UserRefModel implements UserRef {
  @ApiProperty() id!: number;
  @ApiProperty() displayName!: string;
}

/** Who created, last changed and soft-deleted a task or description, and when. */
export class AuditFieldsModel implements AuditFields {
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: UserRefModel }) createdBy!: UserRefModel;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: UserRefModel }) updatedBy!: UserRefModel;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deletedAt!: string | null;
  @ApiProperty({ type: UserRefModel, nullable: true }) deletedBy!: UserRefModel | null;
}

export class LockModel implements LockDto {
  @ApiProperty({ enum: LOCK_ENTITY_TYPES }) entityType!: LockEntityType;
  @ApiProperty() entityId!: number;
  @ApiProperty({ type: UserRefModel }) holder!: UserRefModel;
  @ApiProperty() clientId!: string;
  @ApiProperty({ format: 'date-time' }) acquiredAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ description: 'Fencing token: changes whenever the lock is acquired anew or changes hands' })
  fence!: number;
}

/** The base of every error body; `documentErrors` (error-docs.ts) completes it with the codes and their parameters. */
export class ApiErrorModel implements ApiErrorBase {
  @ApiProperty() statusCode!: number;
  @ApiProperty() error!: string;
  @ApiProperty({ enum: ERROR_CODES }) code!: ErrorCode;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] })
  message!: string | string[];
  @ApiPropertyOptional({ type: LockModel, description: 'The holder, on 423 LOCKED' }) lock?: LockModel;
}

export class TitleExistsModel implements TitleExistsResponse {
  @ApiProperty() exists!: boolean;
  @ApiProperty({ type: Number, nullable: true }) id!: number | null;
  @ApiProperty({ description: 'The holder of the title is soft-deleted' }) deleted!: boolean;
}

const ERROR_DESCRIPTIONS = {
  400: 'Invalid input (validation failed; the message names the rule)',
  401: 'Not signed in',
  403: 'Not allowed: administrators only, or the record is read-only for editors',
  404: 'The record does not exist',
  409: 'Conflict: duplicate title, deleted record, or a state the change does not allow',
  423: 'Locked by another user or tab (the body names the holder), or the X-Lock-Fences token is outdated (STALE_LOCK)',
  428: 'The record must be locked by the calling tab first',
} as const;
export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** "…; code TITLE_TAKEN, RECORD_DELETED, …": the codes a status can carry. */
export function describeErrorStatus(status: number, text: string): string {
  const codes = ERROR_CODES.filter((code) => ERROR_STATUS[code] === status);
  return codes.length ? `${text}; \`code\` ${codes.join(', ')}` : text;
}

/** Documents the `{statusCode, error, code, message, ...params}` error responses an endpoint can give. */
export function ApiErrors(...statuses: ErrorStatus[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: describeErrorStatus(status, ERROR_DESCRIPTIONS[status]),
        type: ApiErrorModel,
      }),
    ),
  );
}

/** The `X-Client-Id` header of a mutation: lock ownership is per browser tab. */
export function ApiClientIdHeader() {
  return ApiHeader({ name: CLIENT_ID_HEADER, required: true, description: 'The acting browser tab' });
}

/** A mutation that needs the record's lock in the calling tab: the tab header and every error it can give. */
export function ApiLockedMutation() {
  return applyDecorators(
    ApiClientIdHeader(),
    ApiHeader({
      name: LOCK_FENCES_HEADER,
      required: false,
      description:
        'Fencing tokens of the locks the tab holds, `JobTask:7=42,JobDescription:3=45`; an outdated one is 423',
    }),
    ApiErrors(400, 401, 403, 404, 409, 423, 428),
  );
}
