import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/test-app';

describe('serving the web app next to the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    const webRoot = mkdtempSync(path.join(os.tmpdir(), 'tdgen-web-'));
    writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>TDGen</title><td-root></td-root>');
    writeFileSync(path.join(webRoot, 'main.js'), 'console.log("app")');
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
