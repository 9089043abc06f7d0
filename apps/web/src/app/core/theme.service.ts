import { DOCUMENT } from '@angular/common';
import { Injectable, inject, signal } from '@angular/core';

/** `system` follows the operating system's light/dark setting; the others override it. */
export type ThemePreference = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'tdgen.theme';
const NEXT: Record<ThemePreference, ThemePreference> = { system: 'dark', dark: 'light', light: 'system' };

/**
 * The colour theme. The stylesheet defines light and dark colours with `light-dark()`, picked by
 * the root's `color-scheme`: by default the system's; the user's choice (kept in localStorage)
 * sets it with a class on `<html>`.
 */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly root = inject(DOCUMENT).documentElement;
  readonly preference = signal<ThemePreference>(readPreference());

  constructor() {
    this.apply(this.preference());
  }

  /** System → dark → light → system. */
  cycle(): void {
    this.set(NEXT[this.preference()]);
  }

  set(preference: ThemePreference): void {
    this.preference.set(preference);
    this.apply(preference);
    try {
      if (preference === 'system') localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, preference);
    } catch {
      // Without storage the choice lasts as long as the tab.
    }
  }

  private apply(preference: ThemePreference): void {
    this.root.classList.toggle('td-theme-dark', preference === 'dark');
    this.root.classList.toggle('td-theme-light', preference === 'light');
  }
}

function readPreference(): ThemePreference {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}
