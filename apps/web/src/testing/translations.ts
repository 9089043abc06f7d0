import { clearTranslations, loadTranslations } from '@angular/localize';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The translations of a language file (apps/web/src/locale/messages.<lang>.xlf) in the form
 * `$localize` takes at run time: message id → target with `{$placeholder}`s. ICU messages (templates
 * only) are left out; `$localize` in code never uses them.
 */
export function translationsOf(language: string): Record<string, string> {
  const xml = readFileSync(join(__dirname, '..', 'locale', `messages.${language}.xlf`), 'utf8');
  const translations: Record<string, string> = {};
  for (const [, id, body] of xml.matchAll(/<trans-unit id="([^"]+)"[^>]*>([\s\S]*?)<\/trans-unit>/g)) {
    const target = /<target[^>]*>([\s\S]*?)<\/target>/.exec(body)?.[1];
    if (target === undefined || target.startsWith('{VAR_')) continue;
    translations[id] = target
      .replace(/<x id="([^"]+)"[^>]*\/>/g, (_, name: string) => `{$${name}}`)
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
  return translations;
}

/** Runs `body` with `$localize` translating into `language` (as the inlined build of that language would). */
export function inLanguage<T>(language: string, body: () => T): T {
  loadTranslations(translationsOf(language));
  try {
    return body();
  } finally {
    clearTranslations();
  }
}
