import { Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { DOCUMENT_LABELS, DOCUMENT_LOCALES, type DocumentLabels, type JobDescriptionDto } from '@tdgen/contracts';
import { join } from 'node:path';
import { ConfigService } from '../config/config.service';
import { DocumentRenderPool } from './document-render-pool';
import { renderJobDescriptionPdf } from './job-description-pdf';

/** The render worker built beside the API bundle (webpack.config.js); none when running from sources. */
function bundledWorkerScript(): string | null {
  return typeof __dirname === 'string' ? join(__dirname, 'document-render.worker.js') : null;
}

/**
 * Renders a job description as a PDF file (A4) in memory — one document is some tens of kB. With
 * DOCUMENT_RENDER_WORKERS > 0 in worker threads (DocumentRenderPool), so rendering never holds up the
 * event loop; otherwise, or for labels that are not one of DOCUMENT_LABELS, on the calling thread.
 */
@Injectable()
export class DocumentRendererService implements OnModuleDestroy {
  private readonly pool: DocumentRenderPool | null = null;

  constructor(@Optional() config?: ConfigService) {
    const { renderWorkers, renderWorkerScript } = config?.get('documents') ?? { renderWorkers: 0 };
    const script = renderWorkerScript ?? bundledWorkerScript();
    if (renderWorkers > 0 && script) this.pool = new DocumentRenderPool(script, renderWorkers);
    else if (renderWorkers > 0) {
      new Logger(DocumentRendererService.name).warn('No render worker script: documents render on the event loop');
    }
  }

  async render(description: JobDescriptionDto, labels: DocumentLabels, documentDate: Date): Promise<Buffer> {
    const locale = DOCUMENT_LOCALES.find((candidate) => DOCUMENT_LABELS[candidate] === labels);
    if (!this.pool || !locale) return renderJobDescriptionPdf(description, labels, documentDate);
    return this.pool.render({ description, locale, documentDate: documentDate.getTime() });
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.close();
  }
}
