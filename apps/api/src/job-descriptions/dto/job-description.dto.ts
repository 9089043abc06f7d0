import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  FRAMEWORK_FIELD_LABELS,
  FRAMEWORK_FIELD_LIMITS,
  TITLE_MAX_LENGTH,
  type CreateJobDescriptionRequest,
  type FrameworkData,
  type FrameworkField,
  type UpdateFrameworkDataRequest,
  type UpdateJobDescriptionRequest,
} from '@tdgen/contracts';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ReadOnlyForEditorsProperty, TagsProperty } from '../../catalogue/record-properties';
import { IsTitle, NO_NUL_CHAR, OptionalNotNull } from '../../common/validation';

/** One framework-data text (docs/product.md § Framework data): optional, null or empty clears it, limited per field. */
function FrameworkText(field: FrameworkField) {
  const max = FRAMEWORK_FIELD_LIMITS[field];
  return applyDecorators(
    ApiPropertyOptional({
      type: String,
      nullable: true,
      maxLength: max,
      description: `${FRAMEWORK_FIELD_LABELS[field]}; an empty string or null clears it`,
    }),
    IsOptional(),
    IsString(),
    MaxLength(max),
    Matches(NO_NUL_CHAR, { message: '$property must not contain NUL characters' }),
  );
}

/** PATCH /job-descriptions/:id/framework-data, and `frameworkData` on create: only the fields sent change. */
export class FrameworkDataDto implements UpdateFrameworkDataRequest {
  @FrameworkText('taskSummary') taskSummary?: string | null;
  @FrameworkText('reportsTo') reportsTo?: string | null;
  @FrameworkText('directReports') directReports?: string | null;
  @FrameworkText('deputyFor') deputyFor?: string | null;
  @FrameworkText('deputizedBy') deputizedBy?: string | null;
  @FrameworkText('authorities') authorities?: string | null;
  @FrameworkText('education') education?: string | null;
  @FrameworkText('otherSkills') otherSkills?: string | null;
}

export class CreateJobDescriptionDto implements CreateJobDescriptionRequest {
  @ApiProperty({ maxLength: TITLE_MAX_LENGTH, example: 'Payroll clerk' })
  @IsTitle()
  title!: string;

  @TagsProperty() tags?: string[];
  @ReadOnlyForEditorsProperty() readOnlyForEditors?: boolean;

  @ApiPropertyOptional({ type: FrameworkDataDto })
  @OptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => FrameworkDataDto)
  frameworkData?: Partial<FrameworkData>;
}

export class UpdateJobDescriptionDto implements UpdateJobDescriptionRequest {
  @ApiPropertyOptional({ maxLength: TITLE_MAX_LENGTH })
  @OptionalNotNull()
  @IsTitle()
  title?: string;

  @TagsProperty() tags?: string[];
  @ReadOnlyForEditorsProperty() readOnlyForEditors?: boolean;
}
