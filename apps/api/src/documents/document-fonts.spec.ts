import { describe, expect, it } from '@jest/globals';
import * as fontkit from 'fontkit';
import robotoFonts from 'pdfmake/fonts/Roboto.js';

// Latin-1 (printable ASCII and U+00A0–U+00FF) and Latin Extended-A (U+0100–U+017F), plus the
// punctuation German texts use (quotes, dashes, euro sign).
const RANGES: [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0xff],
  [0x100, 0x17f],
];
const EXTRA = '„“”‚‘’–—…€•';
const CODE_POINTS = [
  ...RANGES.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i)),
  ...[...EXTRA].map((c) => c.codePointAt(0) as number),
];

describe('the fonts embedded in documents', () => {
  it.each(Object.entries(robotoFonts.Roboto))(
    '%s has a glyph for every Latin-1 and Latin Extended-A character',
    (_face, path) => {
      const font = fontkit.openSync(path) as fontkit.Font;
      const missing = CODE_POINTS.filter((cp) => !font.hasGlyphForCodePoint(cp)).map((cp) => String.fromCodePoint(cp));
      expect(missing).toEqual([]);
      for (const name of 'Łukasz Dvořák Jürgen Weiß Świętochowska Říčany'.split('')) {
        expect(font.hasGlyphForCodePoint(name.codePointAt(0) as number)).toBe(true);
      }
    },
  );
});
