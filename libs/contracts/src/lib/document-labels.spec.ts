import { DOCUMENT_LABELS, documentFormats, documentLocaleFor, documentStatus } from './document-labels';

describe('document labels and formats', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['pl-PL, cs;q=0.8', 'en'],
    ['EN', 'en'],
    ['de-DE,de;q=0.9,en;q=0.8', 'de'],
    ['de-AT', 'de'],
    ['fr-FR, de;q=0.7, en;q=0.5', 'de'],
    ['en;q=0.4, de;q=0.9', 'de'],
    ['de;q=0, en', 'en'],
  ])('Accept-Language %j → %s (the most preferred supported language, else the default)', (header, locale) => {
    expect(documentLocaleFor(header)).toBe(locale);
  });

  it('formats shares, pay groups and dates in the locale, dates in UTC', () => {
    const format = documentFormats(DOCUMENT_LABELS.en);
    expect(format.share(35)).toBe('35%');
    expect(format.weightedPayGroup(8.705)).toBe('8.71');
    expect(format.weightedPayGroup(null)).toBe('—');
    expect(format.payGroup(null)).toBe('—');
    expect(format.date('2026-03-14T23:30:00Z')).toBe('14 March 2026');
    expect(format.dateTime('2026-03-14T09:26:53Z')).toBe('14 March 2026 at 09:26 UTC');
  });

  it('formats German documents the German way: "7,60", "25 %", "14. März 2026"', () => {
    const format = documentFormats(DOCUMENT_LABELS.de);
    expect(format.share(25)).toBe('25\u00a0%');
    expect(format.weightedPayGroup(7.6)).toBe('7,60');
    expect(format.date('2026-03-14T23:30:00Z')).toBe('14. März 2026');
    expect(format.dateTime('2026-03-14T09:26:53Z')).toBe('14. März 2026 um 09:26 UTC');
    expect(DOCUMENT_LABELS.de.pageOf(2, 3)).toBe('Seite 2 von 3');
    expect(documentStatus(DOCUMENT_LABELS.de, { deletedAt: null, readOnlyForEditors: true })).toBe(
      'Aktiv · Bearbeitung für Benutzer gesperrt',
    );
  });

  it('has every label in every language', () => {
    for (const labels of Object.values(DOCUMENT_LABELS)) {
      for (const [key, value] of Object.entries(labels)) expect([key, value]).not.toEqual([key, '']);
      expect(Object.keys(labels.frameworkFields).sort()).toEqual(
        Object.keys(DOCUMENT_LABELS.en.frameworkFields).sort(),
      );
    }
  });

  it('states deleted and read-only together', () => {
    const labels = DOCUMENT_LABELS.en;
    expect(documentStatus(labels, { deletedAt: null, readOnlyForEditors: false })).toBe('Active');
    expect(documentStatus(labels, { deletedAt: '2026-01-01T00:00:00Z', readOnlyForEditors: true })).toBe(
      'Deleted · Read-only for editors',
    );
    expect(labels.pageOf(2, 3)).toBe('Page 2 of 3');
  });
});
