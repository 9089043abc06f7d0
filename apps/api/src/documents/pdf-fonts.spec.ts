import { describe, expect, it, jest } from '@jest/globals';
import { DOCUMENT_LABELS, type JobDescriptionDto } from '@tdgen/contracts';
import type { GlyphRun } from 'fontkit';
import pdfmake from 'pdfmake';
import { SAMPLE_DESCRIPTION, SAMPLE_DOCUMENT_DATE } from '../../test/fixtures/document-sample';
// Imported for its set-up: pdfmake's fonts, shared through pdf-fonts.ts.
import './document-renderer.service';
import { jobDescriptionDocument } from './job-description-document';
import { GlyphRunCache, sharedFontStats } from './pdf-fonts';

function withTaskText(title: string, text: string): JobDescriptionDto {
  const [first] = SAMPLE_DESCRIPTION.tasks;
  return {
    ...SAMPLE_DESCRIPTION,
    title,
    tasks: [{ ...first, task: { ...first.task, text } }],
    taskCount: 1,
  };
}

/** The PDF with a fixed creation date, so two renderings of one description can be compared byte for byte. */
function render(description: JobDescriptionDto, options: { fontLayoutCache?: boolean } = {}): Promise<Buffer> {
  const definition = jobDescriptionDocument(description, {
    labels: DOCUMENT_LABELS.en,
    documentDate: SAMPLE_DOCUMENT_DATE,
  });
  definition.info = { ...definition.info, creationDate: SAMPLE_DOCUMENT_DATE };
  return pdfmake.createPdf(definition, options).getBuffer();
}

describe('fonts shared by every document', () => {
  it('writes byte for byte what pdfmake writes with fonts of its own, document after document', async () => {
    // The italic face sees only <em> text. The first document uses accented capitals whose glyphs
    // are built from the plain letters, the second the plain letters themselves: the second's
    // ToUnicode map must still name them (copying and searching text depend on it).
    const sequence = [
      withTaskText('Accents first', '<p>Plain text with <em>Ölmühle Ärger Żółć</em> in italics.</p>'),
      withTaskText('Plain letters next', '<p>Plain text with <em>Ober Auge Zoll luz</em> in italics.</p>'),
      SAMPLE_DESCRIPTION,
      withTaskText('Once more', '<p>Plain text with <em>Ölmühle Ober Auge</em> again.</p>'),
    ];
    for (const description of sequence) {
      const shared = await render(description);
      const own = await render(description, { fontLayoutCache: false });
      expect({ title: description.title, isSame: shared.equals(own) }).toEqual({
        title: description.title,
        isSame: true,
      });
    }
  });

  it('parses each face once and shapes a word once', async () => {
    await render(SAMPLE_DESCRIPTION);
    const before = sharedFontStats();
    await render(SAMPLE_DESCRIPTION);
    const after = sharedFontStats();
    expect(before.faces).toBeGreaterThanOrEqual(3); // regular, bold, italic (and bold italic)
    expect(after.faces).toBe(before.faces);
    expect(after.misses).toBe(before.misses);
    expect(after.hits).toBeGreaterThan(before.hits + 100);
  });
});

describe('GlyphRunCache', () => {
  const shaped = (text: string) => ({ text }) as unknown as GlyphRun;

  it('shapes a word once and keeps at most two generations', () => {
    const cache = new GlyphRunCache(2);
    const shapedWords: string[] = [];
    const shape = (text: string) => {
      shapedWords.push(text);
      return shaped(text);
    };
    for (const word of ['a', 'b', 'a', 'c', 'd', 'e', 'f']) cache.get(word, shape);
    expect(shapedWords).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(cache.size).toBeLessThanOrEqual(4);
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 1, misses: 6 });
  });

  it('keeps a word that is still in use when a generation is dropped', () => {
    const cache = new GlyphRunCache(2);
    const shape = jest.fn(shaped);
    cache.get('common', shape);
    cache.get('x', shape); // the generation {common, x} is full
    cache.get('y', shape); // … and becomes the older one
    cache.get('common', shape); // found there, moved to the current one
    cache.get('z', shape); // {y, common} full: {common, x} is dropped…
    cache.get('w', shape);
    cache.get('common', shape); // … but "common" survived
    expect(shape.mock.calls.map(([word]) => word)).toEqual(['common', 'x', 'y', 'z', 'w']);
  });
});
