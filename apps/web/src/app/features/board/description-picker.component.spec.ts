import { description } from '../../../testing/fixtures';
import { pickerOptions } from './description-picker.component';

describe('pickerOptions', () => {
  const clerk = description(1, [], { title: 'Clerk', tags: ['office'] });
  const archivist = description(2, [], { title: 'Archivist' });
  const driver = description(3, [], { title: 'Driver', tags: ['logistics'] });
  const gone = description(4, [], { title: 'Clerk (old)', deletedAt: '2025-01-01T00:00:00.000Z' });
  const all = [clerk, archivist, driver, gone];
  const ids = (options: ReturnType<typeof pickerOptions>) => options.map((o) => o.description.id);

  it('lists recently opened descriptions first, most recent first, then the rest by title', () => {
    const options = pickerOptions(all, [3, 1], '');
    expect(ids(options)).toEqual([3, 1, 2]);
    expect(options.map((o) => o.isRecent)).toEqual([true, true, false]);
  });

  it('narrows down as you type, by title or tag, case-insensitively, never offering deleted ones', () => {
    expect(ids(pickerOptions(all, [], 'CLE'))).toEqual([1]);
    expect(ids(pickerOptions(all, [], 'logist'))).toEqual([3]);
    expect(ids(pickerOptions(all, [2], 'r'))).toEqual([2, 1, 3]);
    expect(ids(pickerOptions(all, [], 'nothing like it'))).toEqual([]);
  });
});
