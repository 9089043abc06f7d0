// Finds a PostgreSQL server for the integration tests (TEST_DATABASE_URL, else an embedded one)
// and prepares a migrated template database that every test file clones into its own database.
import { createDatabase, dropDatabase, migrate, testDatabaseServer, withDatabase } from '../../../../tools/db.mjs';

export default async function globalSetup() {
  const server = await testDatabaseServer('tdgen-test-pg-');
  globalThis.__TDGEN_TEST_PG__ = server;
  const serverUrl = server.url;
  const template = `tdgen_test_tpl_${process.pid}`;
  await dropDatabase(serverUrl, template);
  await createDatabase(serverUrl, template);
  await migrate(withDatabase(serverUrl, template));
  process.env.TDGEN_TEST_SERVER_URL = serverUrl;
  process.env.TDGEN_TEST_TEMPLATE_DB = template;
}
