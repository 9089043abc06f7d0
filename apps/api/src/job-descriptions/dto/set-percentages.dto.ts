import { ApiProperty } from '@nestjs/swagger';
import { MAX_INT4, SHARE_TOTAL, type SetPercentagesRequest } from '@tdgen/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, Max, Min, ValidateNested } from 'class-validator';

export class PercentageEntryDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  jobTaskId!: number;

  // The share rules (multiple of 5, at least 5, sum 100) are checked by the service so the
  // message names the rule that failed; here only the type and the plain range.
  @ApiProperty({ minimum: 0, maximum: SHARE_TOTAL, multipleOf: 5 })
  @IsInt()
  @Min(0)
  @Max(SHARE_TOTAL)
  percentage!: number;
}

/** PATCH /job-descriptions/:id/percentages: every association exactly once, shares per docs/product.md § Shares. */
export class SetPercentagesDto implements SetPercentagesRequest {
  @ApiProperty({ type: [PercentageEntryDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PercentageEntryDto)
  percentages!: PercentageEntryDto[];
}
