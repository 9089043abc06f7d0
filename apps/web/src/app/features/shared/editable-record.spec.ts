import { remoteChangeAction } from './editable-record';

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
