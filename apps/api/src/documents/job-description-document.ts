import {
  FRAMEWORK_FIELDS,
  SHARE_TOTAL,
  documentFormats,
  documentStatus,
  type DocumentLabels,
  type JobDescriptionDto,
} from '@tdgen/contracts';
import type { Content, ContentTable, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import {
  blocksToPlainText,
  htmlToBlocks,
  plainTextToBlocks,
  splitParagraph,
  type Block,
  type Inline,
  type List,
  type Paragraph,
} from './rich-text-blocks';

export interface DocumentOptions {
  labels: DocumentLabels;
  /** The date printed as the document's date (the request time; fixed in tests). */
  documentDate: Date;
}

const INK = '#1f2328';
const MUTED = '#59636e';
const RULE = '#8c959f';
const SHADE = '#eef1f4';
/** Characters of text in one table row: well under a page, so a row always fits on one. */
const MAX_ROW_CHARS = 800;
const LIST_INDENT = 12;

/**
 * The pdfmake definition of a job description on A4: header block, framework data, the ordered
 * tasks in a table whose header repeats on every page, totals, and a signature block. Rows never
 * break inside (so a task's title always stands with the start of its text); a task's text is
 * split into one row per paragraph or list item, so long texts still flow across pages.
 */
export function jobDescriptionDocument(description: JobDescriptionDto, options: DocumentOptions): TDocumentDefinitions {
  const { labels, documentDate } = options;
  const format = documentFormats(labels);
  return {
    pageSize: 'A4',
    pageMargins: [50, 56, 50, 56],
    info: { title: `${labels.documentKind}: ${description.title}`, creator: 'TDGen', producer: 'TDGen' },
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2, color: INK },
    styles: {
      kind: { fontSize: 9, color: MUTED, characterSpacing: 0.5 },
      title: { fontSize: 20, bold: true, margin: [0, 2, 0, 10] },
      heading: { fontSize: 13, bold: true, margin: [0, 16, 0, 6] },
      tableHeader: { bold: true, fontSize: 9, color: MUTED },
      taskTitle: { bold: true, margin: [0, 0, 0, 3] },
      small: { fontSize: 8, color: MUTED },
    },
    header: (currentPage) =>
      currentPage === 1
        ? null
        : {
            columns: [
              { text: labels.documentKind, style: 'small' },
              { text: description.title, style: 'small', alignment: 'right' },
            ],
            margin: [50, 24, 50, 0],
          },
    footer: (currentPage, pageCount) => ({
      columns: [
        { text: `${labels.documentDate}: ${format.date(documentDate)}`, style: 'small' },
        { text: labels.pageOf(currentPage, pageCount), style: 'small', alignment: 'right' },
      ],
      margin: [50, 20, 50, 0],
    }),
    content: [
      { text: labels.documentKind.toUpperCase(), style: 'kind' },
      { text: description.title, style: 'title' },
      headerBlock(description, options),
      { text: labels.frameworkData, style: 'heading' },
      frameworkTable(description, labels),
      { text: labels.tasks, style: 'heading' },
      description.tasks.length === 0
        ? { text: labels.noTasks, italics: true, color: MUTED }
        : taskTable(description, options),
      signatureBlock(labels),
    ],
  };
}

function headerBlock(description: JobDescriptionDto, { labels, documentDate }: DocumentOptions): Content {
  const format = documentFormats(labels);
  const rows: [string, string][] = [
    [labels.tags, description.tags.length > 0 ? description.tags.join(', ') : labels.noTags],
    [labels.status, documentStatus(labels, description)],
    [labels.lastChange, labels.changedBy(description.updatedBy.displayName, format.dateTime(description.updatedAt))],
    [labels.documentDate, format.date(documentDate)],
  ];
  return {
    table: {
      widths: [120, '*'],
      body: rows.map(([label, value]) => [
        { text: label, style: 'tableHeader' },
        { text: value, bold: label === labels.status && !!description.deletedAt },
      ]),
    },
    layout: {
      hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0.8 : 0.3),
      vLineWidth: () => 0,
      hLineColor: () => RULE,
      paddingLeft: () => 0,
      paddingTop: () => 4,
      paddingBottom: () => 4,
    },
  };
}

function frameworkTable(description: JobDescriptionDto, labels: DocumentLabels): Content {
  return {
    table: {
      widths: [120, '*'],
      dontBreakRows: true,
      body: FRAMEWORK_FIELDS.map((field) => [
        { text: labels.frameworkFields[field], style: 'tableHeader' },
        { stack: orPlaceholder(blocksContent(plainTextToBlocks(description.frameworkData[field])), labels) },
      ]),
    },
    layout: {
      hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0.8 : 0.3),
      vLineWidth: () => 0,
      hLineColor: () => RULE,
      paddingLeft: () => 0,
      paddingTop: () => 4,
      paddingBottom: () => 0,
    },
  };
}

function taskTable(description: JobDescriptionDto, { labels }: DocumentOptions): ContentTable {
  const format = documentFormats(labels);
  const header: TableCell[] = [
    { text: labels.position, style: 'tableHeader' },
    { text: labels.task, style: 'tableHeader' },
    { text: labels.payGroup, style: 'tableHeader', alignment: 'right' },
    { text: labels.share, style: 'tableHeader', alignment: 'right' },
  ];
  const body: TableCell[][] = [header];
  const taskStarts = new Set<number>();
  description.tasks.forEach((entry, index) => {
    const [first, ...rest] = rowBlocks(htmlToBlocks(entry.task.text));
    taskStarts.add(body.length);
    body.push([
      { text: `${index + 1}.` },
      { stack: [{ text: entry.task.title, style: 'taskTitle' }, ...(first ? [first] : [])] },
      { text: format.payGroup(entry.task.payGroup), alignment: 'right' },
      { text: format.share(entry.percentage), alignment: 'right' },
    ]);
    for (const block of rest) body.push(['', block, '', '']);
  });
  const totalRow = body.length;
  const totalShare = description.tasks.reduce((sum, entry) => sum + entry.percentage, 0);
  body.push([
    '',
    { text: `${labels.total} · ${labels.weightedPayGroup}`, bold: true },
    { text: format.weightedPayGroup(description.weightedPayGroup), bold: true, alignment: 'right' },
    { text: format.share(totalShare === 0 ? SHARE_TOTAL : totalShare), bold: true, alignment: 'right' },
  ]);
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: [24, '*', 52, 44], body },
    layout: {
      hLineWidth: (i, node) =>
        i === 0 || i === node.table.body.length || i === 1 || i === totalRow ? 0.8 : taskStarts.has(i) ? 0.3 : 0,
      vLineWidth: () => 0,
      hLineColor: () => RULE,
      fillColor: (rowIndex) => (rowIndex === 0 || rowIndex === totalRow ? SHADE : null),
      paddingLeft: () => 4,
      paddingRight: () => 4,
      paddingTop: (i) => (taskStarts.has(i) || i === 0 || i === totalRow ? 6 : 0),
      paddingBottom: (i) => (i === 0 || i === totalRow ? 3 : 0),
    },
  };
}

/**
 * A task's text as table-row units: paragraphs, and each top-level list item on its own. A row
 * never breaks across pages (pdfmake drops a non-breaking row taller than a page), so long
 * paragraphs are cut into pieces that always fit, and an over-long list item continues indented.
 */
function rowBlocks(blocks: Block[], indent = 0): Content[] {
  const units: Content[] = [];
  for (const block of blocks) {
    if (block.kind === 'paragraph') {
      const pieces = splitParagraph(block, MAX_ROW_CHARS);
      pieces.forEach((piece, i) => units.push(paragraphContent(piece, indent, i === pieces.length - 1)));
      continue;
    }
    block.items.forEach((item, index) => {
      const start = index + 1;
      if (blocksToPlainText(item).length <= MAX_ROW_CHARS) {
        units.push(listContent({ ...block, items: [item] }, start, indent));
        return;
      }
      const [first, ...others] = item;
      const pieces = first.kind === 'paragraph' ? splitParagraph(first, MAX_ROW_CHARS) : [];
      const head: Block[] = pieces.length > 0 ? [pieces[0]] : [];
      const remaining: Block[] = first.kind === 'paragraph' ? [...pieces.slice(1), ...others] : item;
      if (head.length > 0) units.push(listContent({ ...block, items: [head] }, start, indent));
      units.push(...rowBlocks(remaining, indent + LIST_INDENT));
    });
  }
  return units;
}

function orPlaceholder(content: Content[], labels: DocumentLabels): Content[] {
  return content.length > 0 ? content : [{ text: labels.notSpecified, color: MUTED }];
}

function blocksContent(blocks: Block[]): Content[] {
  return blocks.map(blockContent);
}

function blockContent(block: Block): Content {
  return block.kind === 'list' ? listContent(block, 1, 0) : paragraphContent(block, 0, true);
}

function paragraphContent(paragraph: Paragraph, indent: number, isLast: boolean): Content {
  return { text: paragraph.inlines.map(inlineContent), margin: [indent, 0, 0, isLast ? 4 : 0] };
}

function listContent(list: List, start: number, indent: number): Content {
  const items = list.items.map((item): Content => {
    const content = blocksContent(item);
    return content.length === 1 ? content[0] : { stack: content };
  });
  const margin: [number, number, number, number] = [indent, 0, 0, 2];
  return list.ordered ? { ol: items, start, margin } : { ul: items, margin };
}

function inlineContent(inline: Inline): Content {
  if ('lineBreak' in inline) return { text: '\n' };
  return {
    text: inline.text,
    bold: inline.bold,
    italics: inline.italic,
    ...(inline.underline ? { decoration: 'underline' as const } : {}),
  };
}

function signatureBlock(labels: DocumentLabels): Content {
  const signature = (caption: string): Content => ({
    stack: [
      { canvas: [{ type: 'line', x1: 0, y1: 36, x2: 140, y2: 36, lineWidth: 0.6, lineColor: INK }] },
      { text: caption, style: 'small', margin: [0, 3, 0, 0] },
    ],
  });
  const party = (name: string): Content => ({
    stack: [{ text: name, bold: true }, signature(labels.placeAndDate), signature(labels.signature)],
  });
  return {
    stack: [
      { text: labels.signatures, style: 'heading', margin: [0, 24, 0, 4] },
      {
        columns: [party(labels.signatureEmployee), party(labels.signatureSupervisor), party(labels.signatureHr)],
        columnGap: 16,
      },
    ],
    unbreakable: true,
  };
}
