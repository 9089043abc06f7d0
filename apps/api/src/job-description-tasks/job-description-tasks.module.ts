import { Module } from '@nestjs/common';
import { JobDescriptionsModule } from '../job-descriptions/job-descriptions.module';
import { JobDescriptionTasksController } from './job-description-tasks.controller';
import { JobDescriptionTasksService } from './job-description-tasks.service';

@Module({
  imports: [JobDescriptionsModule],
  controllers: [JobDescriptionTasksController],
  providers: [JobDescriptionTasksService],
})
export class JobDescriptionTasksModule {}
