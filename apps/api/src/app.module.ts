import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DocumentsModule } from './documents/documents.module';
import { EventStreamModule } from './event-stream/event-stream.module';
import { EventsModule } from './events/events.module';
import { HealthController } from './health/health.controller';
import { JobDescriptionTasksModule } from './job-description-tasks/job-description-tasks.module';
import { JobDescriptionsModule } from './job-descriptions/job-descriptions.module';
import { JobTasksModule } from './job-tasks/job-tasks.module';
import { LocksModule } from './locks/locks.module';
import { PrismaModule } from './prisma/prisma.module';
import { SsoModule } from './sso/sso.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        PrismaModule,
        EventsModule,
        EventStreamModule,
        AuthModule,
        UsersModule,
        LocksModule,
        JobTasksModule,
        JobDescriptionsModule,
        JobDescriptionTasksModule,
        ...(config.oidc ? [SsoModule] : []),
        DocumentsModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }
}
