#!/usr/bin/env node
// `nx serve api`: the API in watch mode (rebuilt and restarted on every change) for development
// beside `nx serve web`. Without DATABASE_URL it starts — or reuses, when `npm start` runs it —
// the same embedded PostgreSQL as `npm start`, migrates and seeds it first.
import { ensureDatabase, jwtSecret, log, migrateAndSeed, runChild } from './launcher.mjs';

const database = await ensureDatabase();
let code = 1;
try {
  await migrateAndSeed(database.url);
  log(`API on http://localhost:${process.env.PORT ?? 3000}/api — start the web app with \`npx nx serve web\`.`);
  code = await runChild('npx', ['nx', 'run', 'api:serve-watch', '--outputStyle=stream'], {
    DATABASE_URL: database.url,
    JWT_SECRET: jwtSecret(),
  });
} finally {
  await database.stop();
}
process.exit(code);
