import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ConfigService } from '../config/config.service';
import { LocksModule } from '../locks/locks.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { LoginThrottle } from './login-throttle';
import { RolesGuard } from './roles.guard';
import { SameOriginGuard } from './same-origin.guard';
import { SessionGuard } from './session.guard';
import { SessionAuthenticator } from './session-authenticator';
import { SessionRevocations } from './session-revocations';

@Module({
  imports: [
    UsersModule,
    LocksModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        secret: config.get('jwtSecret'),
        signOptions: { expiresIn: config.get('jwtLifetimeSeconds'), algorithm: 'HS256' },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    LoginThrottle,
    JwtStrategy,
    SessionAuthenticator,
    SessionRevocations,
    { provide: APP_GUARD, useClass: SameOriginGuard },
    { provide: APP_GUARD, useClass: SessionGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [JwtModule, AuthService, SessionAuthenticator],
})
export class AuthModule {}
