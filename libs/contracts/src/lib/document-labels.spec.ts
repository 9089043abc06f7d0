import { DOCUMENT_LABELS, documentFormats, documentLocaleFor, documentStatus } from './document-labels';

describe('document labels and formats', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['pl-PL, cs;q=0.8', 'en'],
    ['EN', 'en'],
  ])('Accept-Language %j → %s (the first supported language, else the default)', (header, locale) => {
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

  it('states deleted and read-only together', () => {
    const labels = DOCUMENT_LABELS.en;
    expect(documentStatus(labels, { deletedAt: null, readOnlyForEditors: false })).toBe('Active');
    expect(documentStatus(labels, { deletedAt: '2026-01-01T00:00:00Z', readOnlyForEditors: true })).toBe(
      'Deleted · Read-only for editors',
    );
    expect(labels.pageOf(2, 3)).toBe('Page 2 of 3');
  });
});
