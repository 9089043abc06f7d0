import { Module } from '@nestjs/common';

/** Filled in by the domain issue (#3): controller, service, DTOs. */
@Module({})
export class JobDescriptionTasksModule {}
