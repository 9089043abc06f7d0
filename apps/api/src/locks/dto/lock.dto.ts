import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  BREAK_REASON_MAX_LENGTH,
  HANDOVER_MESSAGE_MAX_LENGTH,
  type HandoverRequestBody,
  LOCK_ENTITY_TYPES,
  MAX_INT4,
  type AcquireLockRequest,
  type BreakLockRequest,
  type LockEntityType,
  type LockRefRequest,
} from '@tdgen/contracts';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsClientId } from '../../common/is-client-id.validator';

/** Names one lockable record. */
export class LockTargetDto {
  @ApiProperty({ enum: LOCK_ENTITY_TYPES })
  @IsIn(LOCK_ENTITY_TYPES)
  entityType!: LockEntityType;

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  entityId!: number;
}

/** Body of POST /api/locks/release and /refresh: the record and the holder's tab. */
export class LockRefDto extends LockTargetDto implements LockRefRequest {
  @ApiProperty({ description: 'The browser tab that holds the lock' })
  @IsClientId()
  clientId!: string;
}

export class AcquireLockDto extends LockRefDto implements AcquireLockRequest {
  @ApiPropertyOptional({ description: 'Take the lock over from another tab of the same user' })
  @IsOptional()
  @IsBoolean()
  takeover?: boolean;
}

export class BreakLockDto extends LockTargetDto implements BreakLockRequest {
  @ApiPropertyOptional({ maxLength: BREAK_REASON_MAX_LENGTH, description: 'Shown to the former holder' })
  @IsOptional()
  @IsString()
  @MaxLength(BREAK_REASON_MAX_LENGTH)
  reason?: string;

  @ApiPropertyOptional({
    description: "Empty the record's line too (its waiters are told); by default the first waiter gets the offer",
  })
  @IsOptional()
  @IsBoolean()
  clearQueue?: boolean;
}

/** Body of POST /api/locks/handover/request. */
export class HandoverRequestBodyDto extends LockRefDto implements HandoverRequestBody {
  @ApiPropertyOptional({ maxLength: HANDOVER_MESSAGE_MAX_LENGTH, description: "Shown in the holder's prompt" })
  @IsOptional()
  @IsString()
  @MaxLength(HANDOVER_MESSAGE_MAX_LENGTH)
  message?: string;
}

/** Query of GET /api/locks/status. */
export class LockStatusQueryDto {
  @ApiProperty({ enum: LOCK_ENTITY_TYPES })
  @IsIn(LOCK_ENTITY_TYPES)
  entityType!: LockEntityType;

  @ApiProperty({ minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  entityId!: number;
}
