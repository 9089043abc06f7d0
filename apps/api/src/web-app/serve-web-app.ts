import type { INestApplication } from '@nestjs/common';
import { API_PREFIX } from '@tdgen/contracts';
import type { NextFunction, Request, Response } from 'express';
import expressStaticGzip from 'express-static-gzip';

/** Angular's output-hashed file names (`main-ABCD1234.js`, `media/roboto-…-ABCD1234.woff2`), or their `.br`/`.gz`. */
const HASHED_FILE = /-[A-Z0-9]{8}\.[a-z0-9]+(\.br|\.gz)?$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and unhashed files: always revalidated, so a new release is picked up at once. */
export const REVALIDATE = 'no-cache';

/**
 * Serves the built web app: the variant precompressed at build time (`.br`, else `.gz`, see
 * tools/compress-web.mjs) that the browser accepts; hashed files cached for a year, everything else
 * revalidated; index.html for every other GET outside the API (SPA deep links). API paths pass on
 * to Nest (unknown ones get its JSON 404), and so does a missing file.
 */
export function serveWebApp(app: INestApplication, webRoot: string): void {
  const files = expressStaticGzip(webRoot, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    index: false,
    serveStatic: {
      index: false,
      fallthrough: true,
      setHeaders: (res, path) => res.setHeader('Cache-Control', HASHED_FILE.test(path) ? IMMUTABLE : REVALIDATE),
    },
  });
  const apiPath = `/${API_PREFIX}`;
  app.use((req: Request, res: Response, next: NextFunction) => {
    const isApi = req.path === apiPath || req.path.startsWith(`${apiPath}/`);
    if (isApi || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    files(req, res, () => {
      if (/\.[a-z0-9]+$/i.test(req.path)) return next();
      // Any other path is an app route (a deep link): answer with the app itself.
      req.url = '/index.html';
      files(req, res, next);
    });
  });
}
