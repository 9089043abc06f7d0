/**
 * The language of this build as the page declares it (`<html lang>`, set by Angular's i18n build
 * per language; docs/product.md § Languages), for code that runs outside dependency injection.
 */
export function pageLocale(): string {
  return globalThis.document?.documentElement.lang || 'en';
}

let collator: { locale: string; compare: Intl.Collator['compare'] } | null = null;

/**
 * Compares titles, names and tags the way the user's language sorts them: case-insensitively,
 * accents and umlauts in place ("Ärger" between "Anton" and "Bahn" in German), numbers by value.
 */
export function compareText(a: string, b: string): number {
  const locale = pageLocale();
  if (collator?.locale !== locale) {
    collator = { locale, compare: new Intl.Collator(locale, { sensitivity: 'base', numeric: true }).compare };
  }
  return collator.compare(a, b);
}
