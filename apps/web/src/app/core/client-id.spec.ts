import { loadOrCreateClientId } from './client-id';

describe('loadOrCreateClientId', () => {
  it('keeps the id of this tab across reloads and creates one for a new tab', () => {
    const storage = new Map<string, string>();
    const tab = {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
    };
    const first = loadOrCreateClientId(tab);
    expect(first).toMatch(/\S{8,}/);
    expect(loadOrCreateClientId(tab)).toBe(first);
    const otherTab = new Map<string, string>();
    const second = loadOrCreateClientId({
      getItem: (k) => otherTab.get(k) ?? null,
      setItem: (k, v) => void otherTab.set(k, v),
    });
    expect(second).not.toBe(first);
  });

  it('works without storage', () => {
    expect(loadOrCreateClientId(null)).toBeTruthy();
  });
});
