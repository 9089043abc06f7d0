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

  it('keeps the API deny-by-default behind the static files', async () => {
    await request(t.baseUrl).get('/api/users').expect(401);
  });
});
