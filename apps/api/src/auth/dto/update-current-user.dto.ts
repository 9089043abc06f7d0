import { ApiProperty } from '@nestjs/swagger';
import { type Language, LANGUAGES, type UpdateCurrentUserRequest } from '@tdgen/contracts';
import { IsIn, ValidateIf } from 'class-validator';

export class UpdateCurrentUserDto implements UpdateCurrentUserRequest {
  @ApiProperty({
    enum: LANGUAGES,
    nullable: true,
    description: 'The language of the web app and documents; null follows the browser (Accept-Language)',
  })
  @ValidateIf((_, value) => value !== null)
  @IsIn(LANGUAGES)
  language!: Language | null;
}
