import { describe, expect, it } from '@jest/globals';
import {
  blocksToPlainText,
  htmlToBlocks,
  paragraphLength,
  plainTextToBlocks,
  splitParagraph,
  type Block,
  type Paragraph,
} from './rich-text-blocks';

const run = (text: string, marks: Partial<{ bold: boolean; italic: boolean; underline: boolean }> = {}) => ({
  text,
  bold: false,
  italic: false,
  underline: false,
  ...marks,
});
const p = (...inlines: object[]): Block => ({ kind: 'paragraph', inlines }) as Block;

describe('htmlToBlocks: the editor schema (p, br, strong, em, u, ul, ol, li)', () => {
  it.each<[string, string, Block[]]>([
    ['paragraphs', '<p>One</p><p>Two</p>', [p(run('One')), p(run('Two'))]],
    [
      'marks, nested and combined',
      '<p>a <strong>b <em>c</em></strong> <u>d</u></p>',
      [
        p(
          run('a '),
          run('b ', { bold: true }),
          run('c', { bold: true, italic: true }),
          run(' '),
          run('d', { underline: true }),
        ),
      ],
    ],
    ['a line break inside a paragraph', '<p>one<br>two</p>', [p(run('one'), { lineBreak: true }, run('two'))]],
    [
      'a bulleted list',
      '<ul><li><p>x</p></li><li>y</li></ul>',
      [{ kind: 'list', ordered: false, items: [[p(run('x'))], [p(run('y'))]] }],
    ],
    [
      'a numbered list with a nested bulleted list',
      '<ol><li>x<ul><li>y</li></ul></li></ol>',
      [
        {
          kind: 'list',
          ordered: true,
          items: [[p(run('x')), { kind: 'list', ordered: false, items: [[p(run('y'))]] }]],
        },
      ],
    ],
    ['collapsed whitespace, like a browser', '<p>  a \n\n  b  </p><p> </p>', [p(run('a b'))]],
    ['entities decoded', '<p>Fish &amp; chips &lt;3 &#x141;</p>', [p(run('Fish & chips <3 Ł'))]],
    [
      'text outside a paragraph becomes one',
      'plain <strong>bold</strong>',
      [p(run('plain '), run('bold', { bold: true }))],
    ],
    ['an empty text', '', []],
  ])('%s', (_name, html, expected) => {
    expect(htmlToBlocks(html)).toEqual(expected);
  });

  it.each<[string, string, string]>([
    [
      'a heading and a link keep only their text',
      '<h1>Title</h1><p>see <a href="https://x">here</a></p>',
      'Title\nsee here',
    ],
    ['script and style contents vanish', '<p>a<script>alert(1)</script><style>p{}</style>b</p>', 'ab'],
    ['b and i are not the schema’s marks: plain text', '<p><b>x</b><i>y</i></p>', 'xy'],
    ['a div is not a block of the schema', '<div>a<div>b</div></div>', 'ab'],
    ['comments carry no text', '<p>a<!-- hidden -->b</p>', 'ab'],
  ])('anything else degrades to plain text: %s', (_name, html, text) => {
    const blocks = htmlToBlocks(html);
    expect(blocksToPlainText(blocks)).toBe(text);
    expect(JSON.stringify(blocks)).not.toMatch(/"(bold|italic|underline)":true/);
    expect(JSON.stringify(blocks)).not.toMatch(/[<>]/);
  });

  it('keeps the marks of formatted text that sits in an unknown element', () => {
    expect(htmlToBlocks('<p><span><strong>x</strong></span></p>')).toEqual([p(run('x', { bold: true }))]);
  });
});

describe('plainTextToBlocks: framework data', () => {
  it('makes one paragraph per non-empty line, markup kept as text', () => {
    expect(plainTextToBlocks('Head of <b>HR</b>\r\n\n  Deputy  ')).toEqual([
      p(run('Head of <b>HR</b>')),
      p(run('Deputy')),
    ]);
    expect(plainTextToBlocks(null)).toEqual([]);
  });
});

describe('splitParagraph: pieces that each fit in one table row', () => {
  const textOf = (pieces: Block[]) => pieces.map((piece) => blocksToPlainText([piece]));

  it('leaves a short paragraph whole', () => {
    const paragraph = htmlToBlocks('<p>short <strong>text</strong></p>')[0] as Paragraph;
    expect(splitParagraph(paragraph, 100)).toEqual([paragraph]);
  });

  it('cuts after a sentence near the limit', () => {
    const paragraph = htmlToBlocks('<p>One two three. Four five six.</p>')[0] as Paragraph;
    expect(textOf(splitParagraph(paragraph, 20))).toEqual(['One two three.', 'Four five six.']);
  });

  it('else cuts at a space, keeping marks and every word', () => {
    const paragraph = htmlToBlocks(
      '<p>One two three. Four <em>five six seven</em> eight nine ten.</p>',
    )[0] as Paragraph;
    const pieces = splitParagraph(paragraph, 20);
    expect(textOf(pieces)).toEqual(['One two three. Four', 'five six seven eight', 'nine ten.']);
    expect(pieces.every((piece) => paragraphLength(piece as Paragraph) <= 20)).toBe(true);
    expect((pieces[1] as Paragraph).inlines).toContainEqual(run('five six seven', { italic: true }));
  });

  it('cuts a word longer than a piece, and loses nothing of a long text', () => {
    const long = `${'x'.repeat(25)} ${Array.from({ length: 300 }, (_, i) => `w${i}`).join(' ')}`;
    const pieces = splitParagraph(htmlToBlocks(`<p>${long}</p>`)[0] as Paragraph, 20);
    expect(textOf(pieces).slice(0, 2)).toEqual(['x'.repeat(20), 'xxxxx w0 w1 w2 w3 w4']);
    expect(
      textOf(pieces)
        .join(' ')
        .replace('x'.repeat(20) + ' ', 'x'.repeat(20)),
    ).toBe(long);
    expect(pieces.every((piece) => paragraphLength(piece as Paragraph) <= 20)).toBe(true);
  });
});
