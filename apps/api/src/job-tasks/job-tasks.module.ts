import { Module } from '@nestjs/common';
import { PageCache } from '../catalogue/page-cache';
import { JobDescriptionsModule } from '../job-descriptions/job-descriptions.module';
import { LocksModule } from '../locks/locks.module';
import { TagsModule } from '../tags/tags.module';
import { JobTaskAccess } from './job-task-access';
import { JobTasksController } from './job-tasks.controller';
import { JobTasksService } from './job-tasks.service';

@Module({
  imports: [LocksModule, TagsModule, JobDescriptionsModule],
  controllers: [JobTasksController],
  providers: [PageCache, JobTasksService, JobTaskAccess],
  exports: [JobTasksService],
})
export class JobTasksModule {}
