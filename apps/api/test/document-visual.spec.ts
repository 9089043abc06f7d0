import { describe, expect, it } from '@jest/globals';
import { DOCUMENT_LABELS } from '@tdgen/contracts';
import { join } from 'node:path';
import { DocumentRendererService } from '../src/documents/document-renderer.service';
import { SAMPLE_DESCRIPTION, SAMPLE_DOCUMENT_DATE } from './fixtures/document-sample';
import { compareWithReference, renderPdfPage } from './support/visual-compare';

// Font rasterizing differs slightly between poppler versions; a layout change moves far more.
const MAX_DIFFERING_PIXELS = 0.005;

// One reference per language: the German labels are longer and must still fit (docs/product.md § Languages).
const REFERENCES = [
  ['en', 'document-page-1.png'],
  ['de', 'document-page-1.de.png'],
] as const;

describe('the PDF looks as it did (visual check of page 1)', () => {
  it.each(REFERENCES)('matches the committed reference image (%s)', async (language, reference) => {
    const pdf = await new DocumentRendererService().render(
      SAMPLE_DESCRIPTION,
      DOCUMENT_LABELS[language],
      SAMPLE_DOCUMENT_DATE,
    );
    const png = await renderPdfPage(pdf, 1);
    const result = compareWithReference(png, join(import.meta.dirname, 'fixtures', reference), MAX_DIFFERING_PIXELS);
    expect({ ratio: result.ratio, artifacts: result.artifacts }).toEqual({
      ratio: expect.any(Number),
      artifacts: undefined,
    });
    expect(result.ratio).toBeLessThanOrEqual(MAX_DIFFERING_PIXELS);
  });
});
