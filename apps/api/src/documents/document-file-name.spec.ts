import { describe, expect, it } from '@jest/globals';
import { DOCUMENT_LABELS } from '@tdgen/contracts';
import { archiveFileName, documentFileName, uniqueFileName } from './document-file-name';

describe('document file names', () => {
  it.each([
    ['Payroll clerk', 'Payroll clerk.pdf'],
    ['Łukasz: Dvořák / Grüße?', 'Łukasz- Dvořák - Grüße-.pdf'],
    ['..hidden', 'hidden.pdf'],
    ['a\u0007b  c', 'a-b c.pdf'],
    ['///', 'job-description-7.pdf'],
  ])('%j → %j', (title, name) => {
    expect(documentFileName({ id: 7, title })).toBe(name);
  });

  it('is cut to a length every file system accepts', () => {
    expect(documentFileName({ id: 1, title: 'x'.repeat(300) })).toBe(`${'x'.repeat(100)}.pdf`);
  });

  it("names a ZIP in the reader's language, with a tag made safe", () => {
    expect(archiveFileName(DOCUMENT_LABELS.en)).toBe('Job descriptions.zip');
    expect(archiveFileName(DOCUMENT_LABELS.de)).toBe('Tätigkeitsdarstellungen.zip');
    expect(archiveFileName(DOCUMENT_LABELS.en, 'Bürgerbüro/Nord')).toBe('Job descriptions - Bürgerbüro-Nord.zip');
    expect(archiveFileName(DOCUMENT_LABELS.de, 'x'.repeat(200))).toBe(
      `Tätigkeitsdarstellungen - ${'x'.repeat(74)}.zip`,
    );
  });

  it('numbers names an earlier entry took, case-insensitively', () => {
    const taken = new Set<string>();
    expect(['A.pdf', 'a.pdf', 'A.pdf', 'b.pdf'].map((name) => uniqueFileName(name, taken))).toEqual([
      'A.pdf',
      'a (2).pdf',
      'A (3).pdf',
      'b.pdf',
    ]);
  });
});
