#!/usr/bin/env node
// The app shell in index.html (painted before any script loads) is outside Angular's i18n
// extraction; this step puts its two texts into each language's build. Run by `nx build web`
// before the precompression. A new language adds its texts here (README § Languages).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SHELL_TEXTS = {
  en: { 'aria-label="Loading TDGen"': 'aria-label="Loading TDGen"', 'Loading…': 'Loading…' },
  de: { 'aria-label="Loading TDGen"': 'aria-label="TDGen wird geladen"', 'Loading…': 'Wird geladen …' },
};

const root = process.argv[2] ?? 'dist/apps/web/browser';
for (const [language, texts] of Object.entries(SHELL_TEXTS)) {
  const file = join(root, language, 'index.html');
  if (!existsSync(file)) continue;
  let html = readFileSync(file, 'utf8');
  for (const [english, translated] of Object.entries(texts)) {
    if (!html.includes(english)) throw new Error(`${file} no longer contains ${english}: update ${import.meta.url}`);
    html = html.replaceAll(english, translated);
  }
  writeFileSync(file, html);
}
