import { Module } from '@nestjs/common';
import { LocksModule } from '../locks/locks.module';
import { TagsModule } from '../tags/tags.module';
import { JobTaskPurger } from './job-task-purger';
import { JobTasksController } from './job-tasks.controller';
import { JobTasksService } from './job-tasks.service';

@Module({
  imports: [LocksModule, TagsModule],
  controllers: [JobTasksController],
  providers: [JobTasksService, JobTaskPurger],
  exports: [JobTasksService],
})
export class JobTasksModule {}
