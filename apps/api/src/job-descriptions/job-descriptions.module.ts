import { Module } from '@nestjs/common';
import { PageCache } from '../catalogue/page-cache';
import { LocksModule } from '../locks/locks.module';
import { TagsModule } from '../tags/tags.module';
import { JobDescriptionAccess } from './job-description-access';
import { JobDescriptionsController } from './job-descriptions.controller';
import { JobDescriptionsService } from './job-descriptions.service';
import { TaskRemovalFromDescriptions } from './task-removal';

@Module({
  imports: [LocksModule, TagsModule],
  controllers: [JobDescriptionsController],
  providers: [PageCache, JobDescriptionsService, JobDescriptionAccess, TaskRemovalFromDescriptions],
  exports: [JobDescriptionsService, JobDescriptionAccess, TaskRemovalFromDescriptions],
})
export class JobDescriptionsModule {}
