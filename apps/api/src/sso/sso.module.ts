import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OidcClient } from './oidc-client';
import { SsoAccounts } from './sso-accounts';
import { SsoController } from './sso.controller';
import { SsoService } from './sso.service';
import { SsoSignIns } from './sso-sign-ins';

/** Single sign-on through an OpenID Connect provider; imported only when OIDC_ISSUER is set. */
@Module({
  imports: [AuthModule],
  controllers: [SsoController],
  providers: [OidcClient, SsoAccounts, SsoSignIns, SsoService],
})
export class SsoModule {}
