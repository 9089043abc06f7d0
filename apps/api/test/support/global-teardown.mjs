import { dropDatabase } from '../../../../tools/db.mjs';

export default async function globalTeardown() {
  const serverUrl = process.env.TDGEN_TEST_SERVER_URL;
  const template = process.env.TDGEN_TEST_TEMPLATE_DB;
  if (serverUrl && template) await dropDatabase(serverUrl, template).catch(() => undefined);
  await globalThis.__TDGEN_TEST_PG__?.stop();
}
