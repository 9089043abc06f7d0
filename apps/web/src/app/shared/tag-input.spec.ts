import { withTag } from './tag-input.component';

describe('withTag', () => {
  it('adds a trimmed tag once, ignoring case', () => {
    expect(withTag(['Office'], '  Phone ')).toEqual(['Office', 'Phone']);
    expect(withTag(['Office'], 'office')).toEqual(['Office']);
  });

  it('rejects empty and over-long tags', () => {
    expect(withTag([], '   ')).toEqual([]);
    expect(withTag([], 'x'.repeat(41))).toEqual([]);
  });
});
