import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  PAY_GROUP_MAX,
  PAY_GROUP_MIN,
  TASK_TEXT_MAX_LENGTH,
  TITLE_MAX_LENGTH,
  type CreateJobTaskRequest,
  type UpdateJobTaskRequest,
} from '@tdgen/contracts';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ReadOnlyForEditorsProperty, TagsProperty } from '../../catalogue/record-properties';
import { IsTitle, NO_NUL_CHAR, OptionalNotNull } from '../../common/validation';

// A 400 lists the failed checks in the order they are applied here.

/** `text`: optional (never null) rich text; the service sanitizes it. */
function TaskTextProperty(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      maxLength: TASK_TEXT_MAX_LENGTH,
      description: 'Rich text; only <p> <br> <strong> <em> <u> <ul> <ol> <li> are kept, without attributes',
    }),
    OptionalNotNull(),
    Matches(NO_NUL_CHAR, { message: 'text must not contain NUL characters' }),
    MaxLength(TASK_TEXT_MAX_LENGTH),
    IsString(),
  );
}

/** `payGroup`: optional, null clears it; only administrators may change it (docs/product.md § Roles). */
function PayGroupProperty(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: Number,
      nullable: true,
      minimum: PAY_GROUP_MIN,
      maximum: PAY_GROUP_MAX,
      description: 'Administrators only',
    }),
    IsOptional(),
    Max(PAY_GROUP_MAX),
    Min(PAY_GROUP_MIN),
    IsInt(),
  );
}

export class CreateJobTaskDto implements CreateJobTaskRequest {
  @ApiProperty({ maxLength: TITLE_MAX_LENGTH, example: 'Prepare the monthly payroll' })
  @IsTitle()
  title!: string;

  @TaskTextProperty() text?: string;
  @TagsProperty() tags?: string[];
  @PayGroupProperty() payGroup?: number | null;
  @ReadOnlyForEditorsProperty() readOnlyForEditors?: boolean;
}

/** Every field optional; only the ones sent change. */
export class UpdateJobTaskDto implements UpdateJobTaskRequest {
  @ApiPropertyOptional({ maxLength: TITLE_MAX_LENGTH })
  @OptionalNotNull()
  @IsTitle()
  title?: string;

  @TaskTextProperty() text?: string;
  @TagsProperty() tags?: string[];
  @PayGroupProperty() payGroup?: number | null;
  @ReadOnlyForEditorsProperty() readOnlyForEditors?: boolean;
}
