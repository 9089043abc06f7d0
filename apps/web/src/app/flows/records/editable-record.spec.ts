import { FormControl, FormGroup } from '@angular/forms';
import { hasUnsavedInput, remoteChangeAction } from './editable-record';

describe('remoteChangeAction', () => {
  const v1 = { updatedAt: '2025-01-01', deletedAt: null };
  const v2 = { updatedAt: '2025-01-02', deletedAt: null };

  it('refills a clean form and warns instead of overwriting unsaved input', () => {
    expect(remoteChangeAction(v1, v2, false)).toBe('refill');
    expect(remoteChangeAction(v1, v2, true)).toBe('warn');
  });

  it('does nothing when the version did not change', () => {
    expect(remoteChangeAction(v1, { ...v1 }, true)).toBe('none');
  });

  it('treats a deletion as a change', () => {
    expect(remoteChangeAction(v1, { ...v1, deletedAt: '2025-01-03' }, true)).toBe('warn');
  });
});

describe('hasUnsavedInput', () => {
  function form() {
    return new FormGroup({
      title: new FormControl('a'),
      nested: new FormGroup({ summary: new FormControl('b') }),
    });
  }

  it('is false for an untouched form and true once a field was typed into', () => {
    const f = form();
    expect(hasUnsavedInput(f)).toBe(false);
    f.controls.nested.controls.summary.markAsDirty();
    expect(hasUnsavedInput(f)).toBe(true);
  });

  it('still sees the input after the form was disabled (lock lost), unlike Angular’s dirty', () => {
    const f = form();
    f.controls.title.setValue('typed');
    f.controls.title.markAsDirty();
    f.controls.nested.controls.summary.markAsDirty();
    f.controls.title.disable();
    f.controls.nested.disable();
    expect(f.dirty).toBe(false);
    expect(hasUnsavedInput(f)).toBe(true);
  });

  it('is false again after the form was reset', () => {
    const f = form();
    f.controls.title.markAsDirty();
    f.disable();
    f.reset({ title: 'x', nested: { summary: 'y' } });
    expect(hasUnsavedInput(f)).toBe(false);
  });
});
