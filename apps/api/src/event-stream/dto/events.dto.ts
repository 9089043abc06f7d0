import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_INT4, type SetPresenceRequest } from '@tdgen/contracts';
import { IsDefined, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsClientId } from '../../common/is-client-id.validator';

/** Query of GET /api/events/stream. */
export class StreamQueryDto {
  @ApiProperty({ description: 'The browser tab (lock ownership and presence are per tab)' })
  @IsClientId()
  clientId!: string;

  @ApiPropertyOptional({
    description: 'Last event id seen, for a manual reconnect; the Last-Event-ID header wins when both are sent',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  lastEventId?: string;
}

/** Body of POST /api/events/presence. */
export class SetPresenceDto implements SetPresenceRequest {
  @ApiProperty()
  @IsClientId()
  clientId!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'The description open in the workspace, or null' })
  @ValidateIf((_, value) => value !== null)
  @IsDefined()
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  jobDescriptionId!: number | null;
}
