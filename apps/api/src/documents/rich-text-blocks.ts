import { parseDocument } from 'htmlparser2';

type ChildNode = ReturnType<typeof parseDocument>['children'][number];
type Element = Extract<ChildNode, { nodeType: 1; children: unknown }>;
type Text = Extract<ChildNode, { nodeType: 3 }>;

/** DOM node types (as in the browser's Node.nodeType). */
const isElement = (node: ChildNode): node is Element => node.nodeType === 1 && 'children' in node;
const isText = (node: ChildNode): node is Text => node.nodeType === 3;

/**
 * The editor's restricted schema as a small document model: paragraphs of marked text, line breaks,
 * and bulleted or numbered lists (which may nest). Nothing else exists here, so a renderer cannot
 * be handed a tag it does not know.
 */
export interface TextRun {
  text: string;
  bold: boolean;
  italic: boolean;
  underline: boolean;
}
export type Inline = TextRun | { lineBreak: true };
export interface Paragraph {
  kind: 'paragraph';
  inlines: Inline[];
}
export interface List {
  kind: 'list';
  ordered: boolean;
  /** Each item is a sequence of blocks (usually one paragraph, maybe a nested list). */
  items: Block[][];
}
export type Block = Paragraph | List;

interface Marks {
  bold: boolean;
  italic: boolean;
  underline: boolean;
}
const NO_MARKS: Marks = { bold: false, italic: false, underline: false };
const MARK_OF: Record<string, keyof Marks> = { strong: 'bold', em: 'italic', u: 'underline' };

/**
 * Converts a task's sanitized HTML (p, br, strong, em, u, ul, ol, li) into blocks. Any other element
 * — which sanitizing should already have removed — keeps only its text, as plain text, so markup
 * never reaches the document. Whitespace collapses as a browser would collapse it.
 */
export function htmlToBlocks(html: string): Block[] {
  const root = parseDocument(html, { decodeEntities: true });
  return blocksOf(root.children);
}

/** Framework data is plain text: one paragraph per line, empty lines dropped. */
export function plainTextToBlocks(text: string | null): Block[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => ({ kind: 'paragraph', inlines: [{ text: line, ...NO_MARKS }] }));
}

/** The text of blocks without formatting (list items on their own lines). */
export function blocksToPlainText(blocks: Block[]): string {
  return blocks
    .map((block) =>
      block.kind === 'paragraph'
        ? block.inlines.map((i) => ('lineBreak' in i ? '\n' : i.text)).join('')
        : block.items.map((item) => blocksToPlainText(item)).join('\n'),
    )
    .join('\n');
}

function blocksOf(nodes: ChildNode[]): Block[] {
  const blocks: Block[] = [];
  // Text and inline elements outside a <p> (e.g. "a <strong>b</strong>") gather into one paragraph.
  let loose: Inline[] = [];
  const flushLoose = () => {
    const paragraph = paragraphOf(loose);
    if (paragraph) blocks.push(paragraph);
    loose = [];
  };
  for (const node of nodes) {
    const name = isElement(node) ? node.name : null;
    if (name === 'p') {
      flushLoose();
      const paragraph = paragraphOf(inlinesOf((node as Element).children, NO_MARKS));
      if (paragraph) blocks.push(paragraph);
    } else if (name === 'ul' || name === 'ol') {
      flushLoose();
      const list = listOf(node as Element, name === 'ol');
      if (list) blocks.push(list);
    } else if (name === 'li') {
      // A list item without its list: its content stands as it is.
      flushLoose();
      blocks.push(...blocksOf((node as Element).children));
    } else {
      loose.push(...inlinesOf([node], NO_MARKS));
    }
  }
  flushLoose();
  return blocks;
}

function listOf(element: Element, ordered: boolean): List | null {
  const items: Block[][] = [];
  for (const child of element.children) {
    if (isElement(child) && child.name === 'li') {
      items.push(blocksOf(child.children));
    } else {
      const stray = blocksOf([child]);
      if (stray.length > 0) items.push(stray);
    }
  }
  const nonEmpty = items.filter((item) => item.length > 0);
  return nonEmpty.length > 0 ? { kind: 'list', ordered, items: nonEmpty } : null;
}

function inlinesOf(nodes: ChildNode[], marks: Marks): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    if (isText(node)) {
      out.push({ text: node.data, ...marks });
    } else if (isElement(node)) {
      if (node.name === 'br') {
        out.push({ lineBreak: true });
      } else if (node.name === 'script' || node.name === 'style') {
        // Their contents are code, not text.
        continue;
      } else {
        const mark = MARK_OF[node.name];
        out.push(...inlinesOf(node.children, mark ? { ...marks, [mark]: true } : marks));
      }
    }
    // Comments, CDATA and directives carry no text.
  }
  return out;
}

/** Collapses whitespace like HTML does, merges equal neighbours; null when nothing visible is left. */
function paragraphOf(inlines: Inline[]): Paragraph | null {
  const merged: Inline[] = [];
  let atLineStart = true;
  for (const inline of inlines) {
    if ('lineBreak' in inline) {
      trimTrailingSpace(merged);
      merged.push(inline);
      atLineStart = true;
      continue;
    }
    let text = inline.text.replace(/\s+/g, ' ');
    if (atLineStart) text = text.replace(/^ /, '');
    if (text === '') continue;
    const previous = merged.at(-1);
    if (previous && !('lineBreak' in previous) && sameMarks(previous, inline)) {
      const joined = previous.text.endsWith(' ') && text.startsWith(' ') ? text.slice(1) : text;
      previous.text += joined;
    } else {
      if (previous && !('lineBreak' in previous) && previous.text.endsWith(' ') && text.startsWith(' ')) {
        text = text.slice(1);
      }
      merged.push({ ...inline, text });
    }
    atLineStart = false;
  }
  trimTrailingSpace(merged);
  while (merged.length > 0 && 'lineBreak' in merged[merged.length - 1]) merged.pop();
  const hasText = merged.some((i) => !('lineBreak' in i) && i.text !== '');
  return hasText ? { kind: 'paragraph', inlines: merged } : null;
}

function trimTrailingSpace(inlines: Inline[]): void {
  const last = inlines.at(-1);
  if (last && !('lineBreak' in last)) {
    last.text = last.text.replace(/ $/, '');
    if (last.text === '') inlines.pop();
  }
}

function sameMarks(a: TextRun, b: TextRun): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.underline === b.underline;
}

/** The number of characters of a paragraph's text (a line break counts as one). */
export function paragraphLength(paragraph: Paragraph): number {
  return paragraph.inlines.reduce((sum, i) => sum + ('lineBreak' in i ? 1 : i.text.length), 0);
}

/**
 * Splits a paragraph into pieces of at most `maxChars` characters, at a sentence end where one is
 * near the limit, else at a space (a word longer than the limit is cut). The pieces read as the
 * original when set one below the other.
 */
export function splitParagraph(paragraph: Paragraph, maxChars: number): Paragraph[] {
  const pieces: Paragraph[] = [];
  let current: Inline[] = [];
  let length = 0;
  const flush = () => {
    trimTrailingSpace(current);
    while (current.length > 0 && 'lineBreak' in current[0]) current.shift();
    if (current.length > 0) pieces.push({ kind: 'paragraph', inlines: current });
    current = [];
    length = 0;
  };
  for (const inline of paragraph.inlines) {
    if ('lineBreak' in inline) {
      if (length + 1 > maxChars) flush();
      current.push(inline);
      length += 1;
      continue;
    }
    let rest = inline.text;
    while (length + rest.length > maxChars) {
      let cut = cutPosition(rest, maxChars - length);
      if (cut < 0) {
        if (length > 0) {
          // Nothing fits behind what the piece holds: start the next piece and try again.
          flush();
          continue;
        }
        cut = maxChars; // a single word longer than a whole piece
      }
      current.push({ ...inline, text: rest.slice(0, cut) });
      rest = rest.slice(cut).replace(/^\s/, '');
      flush();
    }
    if (length === 0) rest = rest.replace(/^\s/, '');
    if (rest !== '') {
      current.push({ ...inline, text: rest });
      length += rest.length;
    }
  }
  flush();
  return pieces;
}

/** Where to cut `text` so that at most `room` characters stay: after a sentence, else at a space; -1 if nowhere. */
function cutPosition(text: string, room: number): number {
  const head = text.slice(0, room + 1);
  const sentence = head.search(/[.!?;:]\s[^.!?;:]*$/);
  if (sentence >= 0 && sentence + 1 >= room * 0.6) return sentence + 1;
  const space = head.lastIndexOf(' ');
  return space > 0 ? space : -1;
}
