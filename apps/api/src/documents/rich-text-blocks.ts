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
