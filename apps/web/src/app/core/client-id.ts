import { InjectionToken } from '@angular/core';
import { CLIENT_ID_MAX_LENGTH } from '@tdgen/contracts';

const STORAGE_KEY = 'tdgen.clientId';

/**
 * Identity of this browser tab. Lock ownership is per (user, tab), so the id lives in
 * sessionStorage: a reload keeps it (and with it the tab's locks), a new tab gets a new one.
 */
export const CLIENT_ID = new InjectionToken<string>('CLIENT_ID', {
  providedIn: 'root',
  factory: () => loadOrCreateClientId(typeof sessionStorage === 'undefined' ? null : sessionStorage),
});

export function loadOrCreateClientId(storage: Pick<Storage, 'getItem' | 'setItem'> | null): string {
  const stored = safeGet(storage);
  if (stored && stored.length <= CLIENT_ID_MAX_LENGTH) return stored;
  const id = randomId();
  try {
    storage?.setItem(STORAGE_KEY, id);
  } catch {
    // Storage can be disabled (privacy mode); the id then lives only as long as this page.
  }
  return id;
}

function safeGet(storage: Pick<Storage, 'getItem'> | null): string | null {
  try {
    return storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

function randomId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
