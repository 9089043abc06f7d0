import { ApiPropertyOptional } from '@nestjs/swagger';
import { LIST_LIMIT_MAX, TAG_MAX_LENGTH } from '@tdgen/contracts';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { NO_CONTROL_CHARS, toQueryList, trimQuery } from '../../common/validation';

const MAX_INT4 = 2_147_483_647;

/** `GET /documents/job-descriptions.zip`: either `ids` (selected descriptions) or `tag` (all live ones carrying it). */
export class DocumentArchiveQueryDto {
  @ApiPropertyOptional({ type: [Number], description: 'Description ids; comma-separated and/or repeated' })
  @IsOptional()
  @Transform((params) => {
    const list = toQueryList(params);
    return Array.isArray(list)
      ? list.map((p) => (typeof p === 'string' && /^\d{1,10}$/.test(p) ? Number(p) : p))
      : list;
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(LIST_LIMIT_MAX)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_INT4, { each: true })
  ids?: number[];

  @ApiPropertyOptional({
    description: 'A tag (case-insensitive): every description carrying it, deleted ones excepted',
  })
  @IsOptional()
  @Transform(trimQuery)
  @IsString()
  @MinLength(1)
  @MaxLength(TAG_MAX_LENGTH)
  @Matches(NO_CONTROL_CHARS, { message: 'tag must not contain control characters' })
  tag?: string;
}
