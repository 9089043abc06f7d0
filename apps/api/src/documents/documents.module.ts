import { Module } from '@nestjs/common';
import { JobDescriptionsModule } from '../job-descriptions/job-descriptions.module';
import { DocumentRendererService } from './document-renderer.service';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';

/** Job descriptions as printable documents: one PDF, or a ZIP of many. */
@Module({
  imports: [JobDescriptionsModule],
  controllers: [DocumentsController],
  providers: [DocumentsService, DocumentRendererService],
})
export class DocumentsModule {}
