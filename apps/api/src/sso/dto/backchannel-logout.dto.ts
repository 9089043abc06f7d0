import { ApiProperty } from '@nestjs/swagger';
import { IsJWT } from 'class-validator';

/** The provider's back-channel logout request (application/x-www-form-urlencoded). */
export class BackchannelLogoutDto {
  @ApiProperty({ description: 'The logout token, a JWT signed by the provider' })
  @IsJWT()
  logout_token!: string;
}
