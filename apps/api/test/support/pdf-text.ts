import { getDocumentProxy } from 'unpdf';

export interface PdfTextItem {
  str: string;
  /** The PDF font the text is set in (distinct per face: regular, bold, italic…). */
  fontName: string;
}

export interface PdfText {
  pages: string[];
  /** The text items of every page, in reading order. */
  items: PdfTextItem[][];
  /** The raw PDF bytes as latin1, for checking the embedded font names. */
  raw: string;
}

/** Extracts a PDF's text page by page with PDF.js (lines joined by "\n"). */
export async function extractPdfText(pdf: Buffer): Promise<PdfText> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const pages: string[] = [];
  const items: PdfTextItem[][] = [];
  for (let n = 1; n <= document.numPages; n += 1) {
    const page = await document.getPage(n);
    const content = await page.getTextContent();
    const pageItems: PdfTextItem[] = [];
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      pageItems.push({ str: item.str, fontName: item.fontName });
      text += item.str + (item.hasEOL ? '\n' : '');
    }
    pages.push(text);
    items.push(pageItems);
  }
  await document.cleanup();
  return { pages, items, raw: pdf.toString('latin1') };
}

/** The font of the text item containing `needle` (fails the test when there is none). */
export function fontOf(text: PdfText, needle: string): string {
  for (const page of text.items) {
    const item = page.find((i) => i.str.includes(needle));
    if (item) return item.fontName;
  }
  throw new Error(`No text item contains "${needle}"`);
}
