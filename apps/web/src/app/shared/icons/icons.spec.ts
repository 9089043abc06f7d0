import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ICON_NAMES } from './icon-names';
import { ICON_PATHS } from './icon-paths.generated';

const APP_ROOT = join(__dirname, '..', '..');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(html|ts)$/.test(entry.name) && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('icons', () => {
  const sources = sourceFiles(APP_ROOT).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

  it('ships every icon a template names, and only as SVG (no icon font ligatures)', () => {
    const known = new Set<string>(ICON_NAMES);
    const used = sources.flatMap(({ text }) => [...text.matchAll(/svgIcon="([a-z0-9_]+)"/g)].map((m) => m[1]));
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((name) => !known.has(name))).toEqual([]);
    const ligatures = sources.filter(({ text }) => /<mat-icon[^>]*>\s*[a-z_{]/.test(text)).map((s) => s.path);
    expect(ligatures).toEqual([]);
  });

  it('has path data for every listed icon (npm run icons regenerates it)', () => {
    expect(Object.keys(ICON_PATHS).sort()).toEqual([...ICON_NAMES].sort());
    for (const path of Object.values(ICON_PATHS)) expect(path).toMatch(/^[Mm][\d\s.,MLHVCSQTAZmlhvcsqtaz-]+$/);
  });
});
