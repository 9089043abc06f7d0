import { task } from '../../testing/fixtures';
import { EMPTY_FILTER, matchesFilter, tagsInUse } from './record-filter';
import { excerpt, htmlToPlainText } from './text';

describe('record filter', () => {
  const filing = task(1, {
    title: 'Filing',
    text: '<p>Sort <strong>incoming</strong> mail</p>',
    tags: ['Office'],
    payGroup: 5,
  });
  const phone = task(2, { title: 'Phone', tags: ['office', 'Customer'], payGroup: 9, readOnlyForEditors: true });
  const gone = task(3, { title: 'Gone', deletedAt: '2025-01-01' });

  it('searches title, plain text and tags case-insensitively', () => {
    expect(matchesFilter(filing, { ...EMPTY_FILTER, text: 'INCOMING mail' })).toBe(true);
    expect(matchesFilter(filing, { ...EMPTY_FILTER, text: 'strong' })).toBe(false);
    expect(matchesFilter(phone, { ...EMPTY_FILTER, text: 'custom' })).toBe(true);
  });

  it('requires every chosen tag, the pay group and the read-only flag', () => {
    expect(matchesFilter(phone, { ...EMPTY_FILTER, tags: ['Office', 'customer'] })).toBe(true);
    expect(matchesFilter(filing, { ...EMPTY_FILTER, tags: ['Office', 'customer'] })).toBe(false);
    expect(matchesFilter(filing, { ...EMPTY_FILTER, payGroup: 9 })).toBe(false);
    expect(matchesFilter(phone, { ...EMPTY_FILTER, readOnlyForEditors: false })).toBe(false);
  });

  it('hides deleted records unless asked', () => {
    expect(matchesFilter(gone, EMPTY_FILTER)).toBe(false);
    expect(matchesFilter(gone, { ...EMPTY_FILTER, includeDeleted: true })).toBe(true);
  });

  it('lists the tags in use once, ignoring case', () => {
    expect(tagsInUse([filing, phone])).toEqual(['Customer', 'office']);
  });

  it('turns task HTML into readable plain text and shortens it at a word', () => {
    expect(htmlToPlainText('<p>A &amp; B</p><ul><li>one</li><li>two</li></ul>')).toBe('A & B • one • two');
    expect(excerpt('alpha beta gamma delta', 14)).toBe('alpha beta…');
    expect(excerpt('short', 12)).toBe('short');
  });
});
