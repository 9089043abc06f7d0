import { ApiProperty } from '@nestjs/swagger';
import type { JobTaskDto, Page, UsageResponse } from '@tdgen/contracts';
import { AuditFieldsModel } from '../../common/api-docs';

/** OpenAPI model of JobTaskDto (libs/contracts). */
export class JobTaskModel extends AuditFieldsModel implements JobTaskDto {
  @ApiProperty() id!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Sanitized HTML (p, br, strong, em, u, ul, ol, li)' }) text!: string;
  @ApiProperty({ type: Number, nullable: true, minimum: 1, maximum: 15 }) payGroup!: number | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty() readOnlyForEditors!: boolean;
}

export class JobTaskPageModel implements Page<JobTaskDto> {
  @ApiProperty({ type: [JobTaskModel] }) items!: JobTaskModel[];
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

export class UsageModel implements UsageResponse {
  @ApiProperty({ description: 'Live descriptions that contain the task' }) descriptionCount!: number;
}
