import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { TAG_MAX_LENGTH, TAGS_PER_RECORD_MAX } from '@tdgen/contracts';
import { IsBoolean } from 'class-validator';
import { IsTagList, OptionalNotNull } from '../common/validation';

// Request properties that job tasks and job descriptions share, documented and validated once.

/** `tags`: optional (never null), each trimmed, 1–TAG_MAX_LENGTH characters. */
export function TagsProperty(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: [String],
      maxItems: TAGS_PER_RECORD_MAX,
      description: `each 1–${TAG_MAX_LENGTH} chars`,
    }),
    OptionalNotNull(),
    IsTagList(),
  );
}

/** `readOnlyForEditors`: optional (never null); only administrators may change it (docs/product.md § Roles). */
export function ReadOnlyForEditorsProperty(): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ description: 'Administrators only' }), OptionalNotNull(), IsBoolean());
}
