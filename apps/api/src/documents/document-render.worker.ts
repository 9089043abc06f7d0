// A render worker (worker thread): renders job descriptions as PDFs off the API's event loop, one
// at a time, for DocumentRenderPool. Built as its own entry point beside main.js (webpack.config.js).
import { DOCUMENT_LABELS } from '@tdgen/contracts';
import { parentPort } from 'node:worker_threads';
import type { RenderJob, RenderResult } from './document-render-pool';
import { renderJobDescriptionPdf } from './job-description-pdf';

const port = parentPort;
if (!port) throw new Error('document-render.worker runs as a worker thread of the API');

port.on('message', (job: RenderJob) => {
  // Inside the promise, so a description the renderer chokes on fails its job, not the worker.
  Promise.resolve(job)
    .then(({ description, locale, documentDate }) =>
      renderJobDescriptionPdf(description, DOCUMENT_LABELS[locale], new Date(documentDate)),
    )
    .then(
      (pdf) => {
        // The PDF's memory moves to the API thread instead of being copied.
        const bytes = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? pdf : Buffer.from(pdf);
        const result: RenderResult = { id: job.id, pdf: bytes };
        port.postMessage(result, [bytes.buffer as ArrayBuffer]);
      },
      (error: unknown) => {
        const result: RenderResult = { id: job.id, error: error instanceof Error ? error.message : String(error) };
        port.postMessage(result);
      },
    );
});
