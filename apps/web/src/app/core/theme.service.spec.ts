import { TestBed } from '@angular/core/testing';
import { ThemeService } from './theme.service';

describe('ThemeService', () => {
  const root = document.documentElement;

  beforeEach(() => {
    localStorage.clear();
    root.className = '';
  });

  it('follows the system by default and cycles dark → light → system, remembering the choice', () => {
    const theme = TestBed.inject(ThemeService);
    expect(theme.preference()).toBe('system');
    expect(root.classList.contains('td-theme-dark')).toBe(false);

    theme.cycle();
    expect(theme.preference()).toBe('dark');
    expect(root.classList.contains('td-theme-dark')).toBe(true);
    expect(localStorage.getItem('tdgen.theme')).toBe('dark');

    theme.cycle();
    expect(root.classList.contains('td-theme-light')).toBe(true);
    expect(root.classList.contains('td-theme-dark')).toBe(false);

    theme.cycle();
    expect(theme.preference()).toBe('system');
    expect(root.classList.contains('td-theme-light')).toBe(false);
    expect(localStorage.getItem('tdgen.theme')).toBeNull();
  });

  it('applies a saved choice when the app starts', () => {
    localStorage.setItem('tdgen.theme', 'dark');
    TestBed.inject(ThemeService);
    expect(root.classList.contains('td-theme-dark')).toBe(true);
  });
});
