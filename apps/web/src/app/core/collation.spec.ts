import { compareText } from './collation';

describe('compareText (titles sorted the way the page language sorts them)', () => {
  afterEach(() => document.documentElement.setAttribute('lang', ''));

  it('puts umlauts in place in German, case-insensitively, numbers by value', () => {
    document.documentElement.setAttribute('lang', 'de');
    const titles = ['Zeugnisse', 'Ärger schlichten', 'akten führen', 'Bahn', 'Öffentlichkeit', 'Ablage 10', 'Ablage 9'];
    expect([...titles].sort(compareText)).toEqual([
      'Ablage 9',
      'Ablage 10',
      'akten führen',
      'Ärger schlichten',
      'Bahn',
      'Öffentlichkeit',
      'Zeugnisse',
    ]);
  });

  it('sorts by the language of the page: Swedish puts Ö after Z, German does not', () => {
    document.documentElement.setAttribute('lang', 'sv');
    expect(['Öl', 'Zebra'].sort(compareText)).toEqual(['Zebra', 'Öl']);
    document.documentElement.setAttribute('lang', 'de');
    expect(['Zebra', 'Öl'].sort(compareText)).toEqual(['Öl', 'Zebra']);
  });
});
