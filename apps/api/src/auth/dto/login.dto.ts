import { ApiProperty } from '@nestjs/swagger';
import { PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH, type LoginRequest } from '@tdgen/contracts';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NO_CONTROL_CHARS } from '../../common/validation';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'alice' })
  @IsString()
  @MinLength(1)
  @MaxLength(USERNAME_MAX_LENGTH)
  @Matches(NO_CONTROL_CHARS, { message: 'username must not contain control characters' })
  username!: string;

  @ApiProperty({ example: 'a demo password' })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}
