import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_INT4, type AddJobDescriptionTaskRequest, type MoveJobDescriptionTaskRequest } from '@tdgen/contracts';
import { IsInt, Max, Min } from 'class-validator';
import { OptionalNotNull } from '../../common/validation';

// Far above any configurable task limit; the service checks the index against the actual list.
const MAX_INDEX = 1000;

export class AddJobDescriptionTaskDto implements AddJobDescriptionTaskRequest {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  jobDescriptionId!: number;

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  jobTaskId!: number;

  @ApiPropertyOptional({ minimum: 0, description: '0-based insert position; appended when omitted' })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  index?: number;
}

export class MoveJobDescriptionTaskDto implements MoveJobDescriptionTaskRequest {
  @ApiProperty({ minimum: 0, description: 'New 0-based position' })
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  index!: number;
}
