import { inLanguage, translationsOf } from '../../../testing/translations';
import { typedShareProblem } from './share-bar.math';

describe('texts written in code, in both languages', () => {
  it('reads the German translations of every message written in code', () => {
    expect(Object.keys(translationsOf('de')).length).toBeGreaterThan(200);
  });

  it('words a share problem in English and in German', () => {
    expect(typedShareProblem(null, 3)).toBe('Enter a number');
    expect(typedShareProblem(7, 3)).toBe('Use steps of 5');
    expect(typedShareProblem(95, 3)).toBe('At most 90 (the others need 5 each)');
    inLanguage('de', () => {
      expect(typedShareProblem(null, 3)).toBe('Geben Sie eine Zahl ein');
      expect(typedShareProblem(7, 3)).toBe('In Schritten von 5');
      expect(typedShareProblem(95, 3)).toBe('Höchstens 90 (die anderen brauchen je 5)');
    });
  });
});
