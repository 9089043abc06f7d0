import type { INestApplication } from '@nestjs/common';
import { API_PREFIX, isLanguage, type Language, LANGUAGE_COOKIE, LANGUAGES, languageFor } from '@tdgen/contracts';
import type { NextFunction, Request, Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Angular's output-hashed file names (`main-ABCD1234.js`, `media/roboto-…-ABCD1234.woff2`), or their `.br`/`.gz`. */
const HASHED_FILE = /-[A-Z0-9]{8}\.[a-z0-9]+(\.br|\.gz)?$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and unhashed files: always revalidated, so a new release is picked up at once. */
export const REVALIDATE = 'no-cache';

/**
 * The language of the app page a request gets (docs/product.md § Languages): the user's stored
 * choice (carried by the language cookie, which sign-in, `GET /auth/me` and `PATCH /auth/me` set),
 * else the browser's Accept-Language, else English.
 */
export function pageLanguage(req: Request): Language {
  const chosen: unknown = (req.cookies as Record<string, unknown> | undefined)?.[LANGUAGE_COOKIE];
  return isLanguage(chosen) ? chosen : languageFor(req.headers['accept-language']);
}

/**
 * Serves the built web app. `nx build web` emits one build per language (`en/`, `de/`, each with
 * `<base href="/<lang>/">` and `<html lang>`), so a language's scripts have their own URLs and a
 * year-long cache never mixes languages. App routes stay language-free (`/board`, `/tasks/3`): any
 * GET outside the API and the files answers with the index.html of the request's language
 * (pageLanguage), varying by cookie and Accept-Language. A web root without language folders (one
 * language) is served from its top. Files are served in the variant precompressed at build time
 * (`.br`, else `.gz`, see tools/compress-web.mjs) that the browser accepts; hashed files cached for
 * a year, everything else revalidated. API paths pass on to Nest (unknown ones get its JSON 404),
 * and so does a missing file.
 */
export function serveWebApp(app: INestApplication, webRoot: string): void {
  const files = expressStaticGzip(webRoot, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    index: false,
    serveStatic: {
      index: false,
      fallthrough: true,
      setHeaders: (res, filePath) =>
        res.setHeader('Cache-Control', HASHED_FILE.test(filePath) ? IMMUTABLE : REVALIDATE),
    },
  });
  const built = LANGUAGES.filter((language) => existsSync(path.join(webRoot, language, 'index.html')));
  const indexOf = (language: Language): string => {
    if (built.length === 0) return '/index.html';
    return `/${built.includes(language) ? language : built[0]}/index.html`;
  };
  const apiPath = `/${API_PREFIX}`;
  app.use((req: Request, res: Response, next: NextFunction) => {
    const isApi = req.path === apiPath || req.path.startsWith(`${apiPath}/`);
    if (isApi || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    files(req, res, () => {
      if (/\.[a-z0-9]+$/i.test(req.path)) return next();
      // Any other path is an app route (a deep link): answer with the app in the page's language.
      res.setHeader('Vary', 'Accept-Encoding, Accept-Language, Cookie');
      req.url = indexOf(pageLanguage(req));
      files(req, res, next);
    });
  });
}
