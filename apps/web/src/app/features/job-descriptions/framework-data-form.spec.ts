import { description } from '../../../testing/fixtures';
import { changedFrameworkData, frameworkFormValue } from './framework-data-form.component';

describe('framework data form values', () => {
  const saved = { ...description(1).frameworkData, reportsTo: 'Head', education: 'Degree' };

  it('fills empty fields with empty strings', () => {
    expect(frameworkFormValue(saved)).toEqual(expect.objectContaining({ reportsTo: 'Head', taskSummary: '' }));
  });

  it('sends only changed fields and an emptied field as null', () => {
    const value = { ...frameworkFormValue(saved), reportsTo: 'Head', education: '  ', otherSkills: 'Excel' };
    expect(changedFrameworkData(value, saved)).toEqual({ education: null, otherSkills: 'Excel' });
  });
});
