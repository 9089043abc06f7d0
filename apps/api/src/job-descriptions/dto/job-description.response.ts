import { ApiProperty } from '@nestjs/swagger';
import {
  FRAMEWORK_FIELD_LIMITS,
  type FrameworkData,
  type JobDescriptionDto,
  type JobDescriptionTaskDto,
  type Page,
} from '@tdgen/contracts';
import { AuditFieldsModel } from '../../common/api-docs';
import { JobTaskModel } from '../../catalogue/dto/job-task.response';

const text = (max: number) => ApiProperty({ type: String, nullable: true, maxLength: max });

/** OpenAPI models of the description wire types (libs/contracts). */
export class FrameworkDataModel implements FrameworkData {
  @text(FRAMEWORK_FIELD_LIMITS.taskSummary) taskSummary!: string | null;
  @text(FRAMEWORK_FIELD_LIMITS.reportsTo) reportsTo!: string | null;
  @text(FRAMEWORK_FIELD_LIMITS.directReports) directReports!: string | null;
  @text(FRAMEWORK_FIELD_LIMITS.deputyFor) deputyFor!: string | null;
  @text(FRAMEWORK_FIELD_LIMITS.deputizedBy) deputizedBy!: string | null;
  @text(FRAMEWORK_FIELD_LIMITS.authorities) authorities!: string | null;
  @text(FRAMEWORK_FIELD_LIMITS.education) education!: string | null;
  @text(FRAMEWORK_FIELD_LIMITS.otherSkills) otherSkills!: string | null;
}

export class JobDescriptionTaskModel implements JobDescriptionTaskDto {
  @ApiProperty() jobTaskId!: number;
  @ApiProperty({ description: '0-based position' }) order!: number;
  @ApiProperty({ description: 'Share of working time: multiple of 5, at least 5; all add up to 100' })
  percentage!: number;
  @ApiProperty({ type: JobTaskModel }) task!: JobTaskModel;
}

export class JobDescriptionModel extends AuditFieldsModel implements JobDescriptionDto {
  @ApiProperty() id!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty() readOnlyForEditors!: boolean;
  @ApiProperty({ type: FrameworkDataModel }) frameworkData!: FrameworkDataModel;
  @ApiProperty({ type: [JobDescriptionTaskModel], description: 'Sorted by order' }) tasks!: JobDescriptionTaskModel[];
  @ApiProperty() taskCount!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Σ(pay group × share)/Σ(share), 2 decimals' })
  weightedPayGroup!: number | null;
}

export class JobDescriptionPageModel implements Page<JobDescriptionDto> {
  @ApiProperty({ type: [JobDescriptionModel] }) items!: JobDescriptionModel[];
  @ApiProperty({ description: 'How many records the filter matches' }) total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty({ description: 'The offset asked for (0 with a cursor)' }) offset!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` to get the next page (keyset paging); null on the last page',
  })
  nextCursor!: string | null;
}
