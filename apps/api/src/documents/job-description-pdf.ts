import type { DocumentLabels, JobDescriptionDto } from '@tdgen/contracts';
import pdfmake from 'pdfmake';
// The fonts pdfmake ships (Roboto: Latin-1, Latin Extended-A and more), resolved by pdfmake itself.
import robotoFonts from 'pdfmake/fonts/Roboto.js';
import { jobDescriptionDocument } from './job-description-document';
import { shareFontFiles } from './pdf-fonts';

const FONT_FILES = new Set(Object.values(robotoFonts.Roboto));
pdfmake.setFonts(robotoFonts);
// Parsed once per thread and shared by every document (pdf-fonts.ts).
shareFontFiles(FONT_FILES);
// A document never fetches anything: no URLs at all, and from disk only the font files.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => FONT_FILES.has(path));

/**
 * A job description as a PDF file (A4), in memory — one document is some tens of kB. Runs in a
 * render worker (document-render.worker.ts) or, without one, on the calling thread. The file's
 * creation date is the document date, so one description on one date is always the same bytes.
 */
export function renderJobDescriptionPdf(
  description: JobDescriptionDto,
  labels: DocumentLabels,
  documentDate: Date,
): Promise<Buffer> {
  const definition = jobDescriptionDocument(description, { labels, documentDate });
  definition.info = { ...definition.info, creationDate: documentDate };
  return pdfmake.createPdf(definition).getBuffer();
}
