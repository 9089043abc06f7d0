import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  PAY_GROUP_MAX,
  PAY_GROUP_MIN,
  TAG_MAX_LENGTH,
  TAGS_PER_RECORD_MAX,
  TASK_TEXT_MAX_LENGTH,
  TITLE_MAX_LENGTH,
  type CreateJobTaskRequest,
  type UpdateJobTaskRequest,
} from '@tdgen/contracts';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsTagList, IsTitle, NO_NUL_CHAR, OptionalNotNull } from '../../common/validation';

const TEXT_DOC = 'Rich text; only <p> <br> <strong> <em> <u> <ul> <ol> <li> are kept, without attributes';

export class CreateJobTaskDto implements CreateJobTaskRequest {
  @ApiProperty({ maxLength: TITLE_MAX_LENGTH, example: 'Prepare the monthly payroll' })
  @IsTitle()
  title!: string;

  @ApiPropertyOptional({ maxLength: TASK_TEXT_MAX_LENGTH, description: TEXT_DOC })
  @OptionalNotNull()
  @IsString()
  @MaxLength(TASK_TEXT_MAX_LENGTH)
  @Matches(NO_NUL_CHAR, { message: 'text must not contain NUL characters' })
  text?: string;

  @ApiPropertyOptional({ type: [String], maxItems: TAGS_PER_RECORD_MAX, description: `each 1–${TAG_MAX_LENGTH} chars` })
  @OptionalNotNull()
  @IsTagList()
  tags?: string[];

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: PAY_GROUP_MIN,
    maximum: PAY_GROUP_MAX,
    description: 'Administrators only',
  })
  @IsOptional()
  @IsInt()
  @Min(PAY_GROUP_MIN)
  @Max(PAY_GROUP_MAX)
  payGroup?: number | null;

  @ApiPropertyOptional({ description: 'Administrators only' })
  @OptionalNotNull()
  @IsBoolean()
  readOnlyForEditors?: boolean;
}

/** Every field optional; only the ones sent change. */
export class UpdateJobTaskDto implements UpdateJobTaskRequest {
  @ApiPropertyOptional({ maxLength: TITLE_MAX_LENGTH })
  @OptionalNotNull()
  @IsTitle()
  title?: string;

  @ApiPropertyOptional({ maxLength: TASK_TEXT_MAX_LENGTH, description: TEXT_DOC })
  @OptionalNotNull()
  @IsString()
  @MaxLength(TASK_TEXT_MAX_LENGTH)
  @Matches(NO_NUL_CHAR, { message: 'text must not contain NUL characters' })
  text?: string;

  @ApiPropertyOptional({ type: [String], maxItems: TAGS_PER_RECORD_MAX })
  @OptionalNotNull()
  @IsTagList()
  tags?: string[];

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: PAY_GROUP_MIN, maximum: PAY_GROUP_MAX })
  @IsOptional()
  @IsInt()
  @Min(PAY_GROUP_MIN)
  @Max(PAY_GROUP_MAX)
  payGroup?: number | null;

  @ApiPropertyOptional({ description: 'Administrators only' })
  @OptionalNotNull()
  @IsBoolean()
  readOnlyForEditors?: boolean;
}
