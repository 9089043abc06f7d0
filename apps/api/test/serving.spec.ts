import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { IMMUTABLE } from '../src/web-app/serve-web-app';
import { startTestApp, type TestApp } from './support/test-app';

describe('serving the web app next to the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    const webRoot = mkdtempSync(path.join(os.tmpdir(), 'tdgen-web-'));
    writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>TDGen</title><td-root></td-root>');
    writeFileSync(path.join(webRoot, 'main.js'), 'console.log("app")');
    // As `nx build web` leaves it: hashed names, precompressed variants next to each file.
    const hashed = 'console.log("hashed chunk");'.repeat(50);
    writeFileSync(path.join(webRoot, 'chunk-ABCD1234.js'), hashed);
    writeFileSync(path.join(webRoot, 'chunk-ABCD1234.js.br'), brotliCompressSync(hashed));
    writeFileSync(path.join(webRoot, 'chunk-ABCD1234.js.gz'), gzipSync(hashed));
    const index = '<!doctype html><title>TDGen</title><td-root></td-root>';
    writeFileSync(path.join(webRoot, 'index.html.br'), brotliCompressSync(index));
    mkdirSync(path.join(webRoot, 'media'));
    writeFileSync(path.join(webRoot, 'media', 'roboto-latin-400-normal-WXYZ5678.woff2'), 'font');
    t = await startTestApp({ WEB_ROOT: webRoot });
  });
  afterAll(() => t.close());

  it('serves index.html for the root and for deep links (SPA fallback)', async () => {
    for (const url of ['/', '/tasks', '/descriptions/12', '/admin/users']) {
      const res = await request(t.baseUrl).get(url).expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('<td-root>');
    }
    const asset = await request(t.baseUrl).get('/main.js').expect(200);
    expect(asset.text).toContain('console.log');
  });

  it('serves the brotli or gzip variant the browser accepts, and the plain file otherwise', async () => {
    const br = await fetch(`${t.baseUrl}/chunk-ABCD1234.js`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toMatch(/javascript/);
    expect(await br.text()).toContain('hashed chunk'); // fetch decodes it: the variant is the same file
    const gzip = await request(t.baseUrl).get('/chunk-ABCD1234.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.text).toContain('hashed chunk');
    const plain = await request(t.baseUrl).get('/chunk-ABCD1234.js').set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const deepLink = await request(t.baseUrl).get('/tasks').set('Accept-Encoding', 'br').buffer(true).expect(200);
    expect(deepLink.headers['content-encoding']).toBe('br');
  });

  it('caches hashed files for a year and makes index.html revalidate', async () => {
    for (const url of ['/chunk-ABCD1234.js', '/media/roboto-latin-400-normal-WXYZ5678.woff2']) {
      const res = await request(t.baseUrl).get(url).expect(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    for (const url of ['/', '/tasks', '/main.js']) {
      const res = await request(t.baseUrl).get(url).expect(200);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('answers a missing file with a 404, not the app', async () => {
    await request(t.baseUrl).get('/chunk-GONE0000.js').expect(404);
  });

  it('answers unknown API paths with a JSON 404, not the app', async () => {
    const res = await request(t.baseUrl).get('/api/does-not-exist').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('sends the security headers on pages and API responses; no-store only on the API', async () => {
    const page = await request(t.baseUrl).get('/').expect(200);
    const api = await request(t.baseUrl).get('/api/health').expect(200);
    for (const res of [page, api]) {
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['x-powered-by']).toBeUndefined();
      // Plain HTTP here: HSTS only over HTTPS.
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    expect(api.headers['cache-control']).toBe('no-store');
    // Also on an error the body parser answers before any route runs.
    const malformed = await request(t.baseUrl)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username": ')
      .expect(400);
    expect(malformed.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(malformed.headers['cache-control']).toBe('no-store');
    expect(page.headers['cache-control']).not.toBe('no-store');
    const asset = await request(t.baseUrl).get('/main.js').expect(200);
    expect(asset.headers['cache-control']).not.toBe('no-store');
  });

  it('keeps the API deny-by-default behind the static files', async () => {
    await request(t.baseUrl).get('/api/users').expect(401);
  });
});

describe('serving the web app in the language of the user (one build per language)', () => {
  let t: TestApp;
  beforeAll(async () => {
    const webRoot = mkdtempSync(path.join(os.tmpdir(), 'tdgen-web-i18n-'));
    for (const language of ['en', 'de']) {
      mkdirSync(path.join(webRoot, language));
      writeFileSync(
        path.join(webRoot, language, 'index.html'),
        `<!doctype html><html lang="${language}"><base href="/${language}/"><td-root></td-root></html>`,
      );
      // Angular gives both languages the same hashed names; the folders keep them apart.
      writeFileSync(path.join(webRoot, language, 'main-ABCD1234.js'), `console.log("${language}")`);
    }
    t = await startTestApp({ WEB_ROOT: webRoot });
  });
  afterAll(() => t.close());

  it('answers a first visit in the browser language, English when it offers none of ours', async () => {
    const cases: [string | undefined, string][] = [
      ['de-DE,de;q=0.9,en;q=0.8', 'de'],
      ['en-US,en;q=0.9', 'en'],
      ['fr-FR, de;q=0.5', 'de'],
      ['fr-FR', 'en'],
      [undefined, 'en'],
    ];
    for (const [acceptLanguage, language] of cases) {
      for (const url of ['/', '/tasks', '/descriptions/12/document']) {
        const req = request(t.baseUrl).get(url);
        if (acceptLanguage) req.set('Accept-Language', acceptLanguage);
        const res = await req.expect(200);
        expect(res.text).toContain(`<html lang="${language}">`);
        expect(res.headers['cache-control']).toBe('no-cache');
        expect(res.headers['vary']).toMatch(/Accept-Language/);
        expect(res.headers['vary']).toMatch(/Cookie/);
      }
    }
  });

  it("prefers the stored choice (the language cookie) over the browser's, and ignores an unknown value", async () => {
    const de = await request(t.baseUrl)
      .get('/board')
      .set('Accept-Language', 'en-US')
      .set('Cookie', 'tdgen-lang=de')
      .expect(200);
    expect(de.text).toContain('<html lang="de">');
    const en = await request(t.baseUrl)
      .get('/')
      .set('Accept-Language', 'de')
      .set('Cookie', 'tdgen-lang=en')
      .expect(200);
    expect(en.text).toContain('<html lang="en">');
    const bogus = await request(t.baseUrl)
      .get('/')
      .set('Accept-Language', 'de')
      .set('Cookie', 'tdgen-lang=xx')
      .expect(200);
    expect(bogus.text).toContain('<html lang="de">');
  });

  it("serves each language's files under its own folder, cached for a year", async () => {
    const de = await request(t.baseUrl).get('/de/main-ABCD1234.js').expect(200);
    expect(de.text).toContain('console.log("de")');
    expect(de.headers['cache-control']).toBe(IMMUTABLE);
    const en = await request(t.baseUrl).get('/en/main-ABCD1234.js').expect(200);
    expect(en.text).toContain('console.log("en")');
    await request(t.baseUrl).get('/fr/main-ABCD1234.js').expect(404);
  });
});

describe('the OpenAPI UI and JSON in production', () => {
  it('are off unless API_DOCS=true', async () => {
    const off = await startTestApp({ NODE_ENV: 'production' });
    try {
      await request(off.baseUrl).get('/api/docs-json').expect(404);
      await request(off.baseUrl).get('/api/docs').expect(404);
    } finally {
      await off.close();
    }
    const on = await startTestApp({ NODE_ENV: 'production', API_DOCS: 'true' });
    try {
      await request(on.baseUrl).get('/api/docs-json').expect(200);
    } finally {
      await on.close();
    }
  });
});
