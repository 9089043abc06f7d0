// The parts of pdfmake's and pdfkit's internals that pdf-fonts.ts uses (neither package types them).
declare module 'pdfmake/js/PDFDocument.js' {
  import type { Font, GlyphRun } from 'fontkit';
  import PDFKitDocument from 'pdfkit';

  /** pdfkit's EmbeddedFont: one font face as embedded in one document. */
  export interface PdfMakeFont {
    /** The parsed font (fontkit). */
    font: Font;
    layoutRun(text: string, features?: unknown): GlyphRun;
    layoutCached(text: string): GlyphRun;
  }

  /** pdfmake's subclass of pdfkit's document. */
  export default class PdfMakeDocument extends PDFKitDocument {
    options: { fontLayoutCache?: boolean };
    fontCache: Record<string, Record<string, PdfMakeFont> | undefined>;
    _fontFamilies: Record<string, PdfMakeFont>;
    _fontCount: number;
    getFontType(bold: boolean, italics: boolean): string;
    getFontFile(familyName: string, bold: boolean, italics: boolean): string | Buffer | unknown[] | null;
    provideFont(familyName: string, bold: boolean, italics: boolean): PdfMakeFont;
  }
}
