import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  LIST_LIMIT_DEFAULT,
  LIST_LIMIT_MAX,
  MAX_INT4,
  PAY_GROUP_MAX,
  PAY_GROUP_MIN,
  TAG_MAX_LENGTH,
  TAGS_PER_RECORD_MAX,
  TITLE_MAX_LENGTH,
  type ListQuery,
} from '@tdgen/contracts';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsTitle, NO_CONTROL_CHARS, toQueryBoolean, toQueryInt, toQueryList, trimQuery } from '../../common/validation';

// ISO-8601 calendar dates and date-times only (no week or ordinal dates, which Date cannot parse).
const QUERY_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function IsQueryDate(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Matches(QUERY_DATE, { message: '$property must be an ISO-8601 date (2024-05-31) or date-time' }),
    IsISO8601({ strict: true }),
  );
}
const DATE_DOC = 'ISO-8601 date or date-time; a plain date as upper bound includes that whole day (UTC)';

/** Query of `GET /job-tasks` and `GET /job-descriptions` (docs/product.md § Job tasks, § Job descriptions). */
export class ListQueryDto implements ListQuery {
  @ApiPropertyOptional({ description: 'Free text, case-insensitive (title, text or framework data, tags)' })
  @IsOptional()
  @Transform(trimQuery)
  @IsString()
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: 'q must not contain control characters' })
  q?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Records carrying all of these tags (case-insensitive); comma-separated and/or repeated',
  })
  @IsOptional()
  @Transform(toQueryList)
  @ArrayMaxSize(TAGS_PER_RECORD_MAX)
  @IsString({ each: true })
  @MaxLength(TAG_MAX_LENGTH, { each: true })
  @Matches(NO_CONTROL_CHARS, { each: true, message: 'tags must not contain control characters' })
  tags?: string[];

  @ApiPropertyOptional({
    minimum: PAY_GROUP_MIN,
    maximum: PAY_GROUP_MAX,
    description: 'Tasks of this pay group; descriptions that contain such a task',
  })
  @IsOptional()
  @Transform(toQueryInt)
  @IsInt()
  @Min(PAY_GROUP_MIN)
  @Max(PAY_GROUP_MAX)
  payGroup?: number;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toQueryBoolean)
  @IsBoolean()
  readOnlyForEditors?: boolean;

  @ApiPropertyOptional({ description: 'Id of the creating user' })
  @IsOptional()
  @Transform(toQueryInt)
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  createdBy?: number;

  @ApiPropertyOptional({ description: DATE_DOC })
  @IsOptional()
  @IsQueryDate()
  createdFrom?: string;

  @ApiPropertyOptional({ description: DATE_DOC })
  @IsOptional()
  @IsQueryDate()
  createdTo?: string;

  @ApiPropertyOptional({ description: DATE_DOC })
  @IsOptional()
  @IsQueryDate()
  updatedFrom?: string;

  @ApiPropertyOptional({ description: DATE_DOC })
  @IsOptional()
  @IsQueryDate()
  updatedTo?: string;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Also list soft-deleted records' })
  @IsOptional()
  @Transform(toQueryBoolean)
  @IsBoolean()
  includeDeleted?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: LIST_LIMIT_MAX, default: LIST_LIMIT_DEFAULT })
  @IsOptional()
  @Transform(toQueryInt)
  @IsInt()
  @Min(0)
  @Max(LIST_LIMIT_MAX)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Transform(toQueryInt)
  @IsInt()
  @Min(0)
  @Max(MAX_INT4)
  offset?: number;

  @ApiPropertyOptional({
    description:
      "The previous page's `nextCursor`: the page after it (keyset paging, stable under inserts; not with `offset`)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a cursor this API handed out' })
  cursor?: string;
}

/** Query of `GET /.../exists?title=`. */
export class TitleQueryDto {
  @ApiProperty({ maxLength: TITLE_MAX_LENGTH })
  @IsTitle()
  title!: string;
}
