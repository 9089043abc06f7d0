import { ApiProperty } from '@nestjs/swagger';
import { PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH, type LoginRequest } from '@tdgen/contracts';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'alice' })
  @IsString()
  @MinLength(1)
  @MaxLength(USERNAME_MAX_LENGTH)
  username!: string;

  @ApiProperty({ example: 'a demo password' })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}
