import { readFileSync } from 'node:fs';
import PDFKitDocument from 'pdfkit';
import * as pdfDocumentModule from 'pdfmake/js/PDFDocument.js';
import type { PdfMakeFont } from 'pdfmake/js/PDFDocument.js';
import type { Font, Glyph, GlyphRun } from 'fontkit';

/**
 * One set of parsed fonts per process (and per render worker), shared by every PDF.
 *
 * pdfmake 0.3 opens every font file anew for each document: fontkit parses the TrueType tables
 * again, and pdfkit starts with an empty cache of shaped words. A CPU profile of the API
 * (docs/performance.md § Job description documents) put about half of a ten-task document into
 * shaping words (OpenType substitution and positioning lookups) that the previous document had
 * shaped already, and into parsing the same four fonts again. Here each face is parsed once, and the
 * shaped words ("glyph runs") are kept in one bounded cache per face. Each document still gets its
 * own embedded font — its own subset, widths and ToUnicode map — so the bytes are exactly those
 * pdfmake writes on its own (pdf-fonts.spec.ts compares them).
 *
 * pdfmake has no option for this. The hook is its PDFDocument.provideFont; the pieces used are
 * pdfkit's EmbeddedFont (constructor, layoutRun, layoutCached) and a document's font registry
 * (_fontFamilies, _fontCount). Both packages are pinned; pdf-fonts.spec.ts fails if they change.
 */

// A CommonJS module with `exports.default`: Node's ES module loader (Jest) hands over the whole
// `exports` object as the default, webpack's interop the class itself.
const PdfMakeDocument = unwrapDefault(pdfDocumentModule.default);
type PdfMakeDocument = InstanceType<typeof PdfMakeDocument>;

function unwrapDefault<T>(value: T | { default: T }): T {
  return typeof value === 'function' ? value : (value as { default: T }).default;
}

/** Shaped words kept per face and generation: a description has a few hundred distinct words. */
export const GLYPH_RUNS_PER_GENERATION = 5000;

/**
 * A bounded map of shaped words: at most two generations of `limit` entries. A word found in the
 * older generation moves to the current one; when the current one is full, the older is dropped.
 * So memory stays flat however many different words pass through, and common words stay.
 */
export class GlyphRunCache {
  private current = new Map<string, GlyphRun>();
  private previous = new Map<string, GlyphRun>();
  hits = 0;
  misses = 0;

  constructor(private readonly limit = GLYPH_RUNS_PER_GENERATION) {}

  get size(): number {
    return this.current.size + this.previous.size;
  }

  get(text: string, shape: (text: string) => GlyphRun): GlyphRun {
    let run = this.current.get(text);
    if (run) {
      this.hits += 1;
      return run;
    }
    run = this.previous.get(text);
    if (run) this.hits += 1;
    else {
      this.misses += 1;
      run = shape(text);
    }
    if (this.current.size >= this.limit) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(text, run);
    return run;
  }
}

interface SharedFace {
  font: Font;
  runs: GlyphRunCache;
}

const faces = new Map<string, SharedFace>();
const sharedPaths = new Set<string>();
/** pdfkit's EmbeddedFont class, taken from a font it opened (the class is not exported). */
type EmbeddedFontClass = new (document: PdfMakeDocument, font: Font, id: string) => PdfMakeFont;
let EmbeddedFont: EmbeddedFontClass | undefined;

function openFace(path: string): SharedFace {
  const file = readFileSync(path);
  const opened = new PDFKitDocument({ autoFirstPage: false }).font(file) as unknown as { _font: PdfMakeFont };
  EmbeddedFont ??= opened._font.constructor as unknown as EmbeddedFontClass;
  const font = opened._font.font;
  // fontkit keeps one Glyph object per glyph id, with the characters of the request that created
  // it. Across documents, a glyph may first be created without characters — as a component of an
  // accented letter (Ö = O + ¨) while a previous document's subset was written — and the next
  // document's ToUnicode map would then lose that letter (copying text, search, accessibility).
  // Give such a glyph its characters when the first text that uses it comes along, as a fresh font would.
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id: number, codePoints: number[] = []): Glyph => {
    const glyph = getGlyph(id, codePoints);
    if (glyph.codePoints.length === 0 && codePoints.length > 0) glyph.codePoints = codePoints;
    return glyph;
  };
  return { font, runs: new GlyphRunCache() };
}

/**
 * The faces that are shared: the files pdfmake is told about (`pdfmake.setFonts`), read from disk
 * on first use. Any other font file takes pdfmake's own path.
 */
export function shareFontFiles(paths: Iterable<string>): void {
  for (const path of paths) sharedPaths.add(path);
}

/** For tests and the benchmark's notes: faces parsed so far and the word caches' counters. */
export function sharedFontStats(): { faces: number; words: number; hits: number; misses: number } {
  let words = 0;
  let hits = 0;
  let misses = 0;
  for (const face of faces.values()) {
    words += face.runs.size;
    hits += face.runs.hits;
    misses += face.runs.misses;
  }
  return { faces: faces.size, words, hits, misses };
}

const pdfmakeProvideFont = PdfMakeDocument.prototype.provideFont;

PdfMakeDocument.prototype.provideFont = function provideSharedFont(
  this: PdfMakeDocument,
  familyName: string,
  bold: boolean,
  italics: boolean,
): PdfMakeFont {
  const type = this.getFontType(bold, italics);
  const path = this.getFontFile(familyName, bold, italics);
  // `fontLayoutCache: false` (a pdfmake option) asks for no caching: pdfmake's own path.
  if (typeof path !== 'string' || !sharedPaths.has(path) || this.options.fontLayoutCache === false) {
    return pdfmakeProvideFont.call(this, familyName, bold, italics);
  }
  const known = this.fontCache[familyName]?.[type];
  if (known) return known;
  let face = faces.get(path);
  if (!face) {
    face = openFace(path);
    faces.set(path, face);
  }
  const embedded = new (EmbeddedFont as EmbeddedFontClass)(this, face.font, `F${++this._fontCount}`);
  const runs = face.runs;
  embedded.layoutCached = (text: string) => runs.get(text, (word) => embedded.layoutRun(word));
  // Registered like pdfkit's own font(): the document embeds every registered font when it ends.
  this._fontFamilies[path] = embedded;
  (this.fontCache[familyName] ??= {})[type] = embedded;
  return embedded;
};
