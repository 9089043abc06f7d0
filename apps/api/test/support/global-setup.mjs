// Finds a PostgreSQL server for the integration tests (TEST_DATABASE_URL, else an embedded one)
// and prepares a migrated template database that every test file clones into its own database.
// Builds the PDF render worker too: worker threads run JavaScript files, not the TypeScript sources.
import { build } from 'esbuild';
import path from 'node:path';
import {
  createDatabase,
  dropDatabase,
  migrate,
  ROOT,
  testDatabaseServer,
  withDatabase,
} from '../../../../tools/db.mjs';

/** The render worker as the API tests use it (the app's build makes its own, beside main.js). */
async function buildDocumentWorker() {
  const outfile = path.join(ROOT, 'dist', 'apps', 'api-test', 'document-render.worker.js');
  await build({
    entryPoints: [path.join(ROOT, 'apps', 'api', 'src', 'documents', 'document-render.worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    tsconfig: path.join(ROOT, 'apps', 'api', 'tsconfig.app.json'),
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

export default async function globalSetup() {
  const server = await testDatabaseServer('tdgen-test-pg-');
  globalThis.__TDGEN_TEST_PG__ = server;
  const serverUrl = server.url;
  const template = `tdgen_test_tpl_${process.pid}`;
  await dropDatabase(serverUrl, template);
  await createDatabase(serverUrl, template);
  await migrate(withDatabase(serverUrl, template));
  process.env.TDGEN_TEST_DOCUMENT_WORKER = await buildDocumentWorker();
  process.env.TDGEN_TEST_SERVER_URL = serverUrl;
  process.env.TDGEN_TEST_TEMPLATE_DB = template;
}
