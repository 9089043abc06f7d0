/**
 * The languages of the product (docs/product.md § Languages): the web app is built once per
 * language, the API serves the matching build, and documents are written in it. A third language is
 * added here, in the web app's i18n settings and in DOCUMENT_LABELS (README § Adding a language).
 */
export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/**
 * The cookie that tells the server which build of the web app to serve: set from the user's stored
 * choice at sign-in, on `GET /auth/me` and when the choice changes. Not a secret and not httpOnly-
 * sensitive; the stored choice in the database is the source of truth.
 */
export const LANGUAGE_COOKIE = 'tdgen-lang';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The supported language an Accept-Language header prefers most (q-values respected, a region
 * matches its language: `de-AT` → `de`), else the default.
 */
export function languageFor(acceptLanguage: string | null | undefined): Language {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return {
        language: tag.trim().toLowerCase().split('-')[0],
        quality: Number.isFinite(quality) ? quality : 0,
        index,
      };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((entry) => entry.language).find(isLanguage) ?? DEFAULT_LANGUAGE;
}
