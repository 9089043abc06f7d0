#!/usr/bin/env node
// `npm start`: build, database (embedded when DATABASE_URL is unset), migrate, seed, serve on PORT.
// `npm start -- --no-build` skips the build.
import { build, ensureDatabase, jwtSecret, log, migrateAndSeed, runApi } from './launcher.mjs';

if (!process.argv.includes('--no-build')) build();
const database = await ensureDatabase();
let code = 1;
try {
  await migrateAndSeed(database.url);
  log(
    `Open http://localhost:${process.env.PORT ?? 3000} — Ctrl-C stops the server${process.env.DATABASE_URL ? '' : ' and the embedded database'}.`,
  );
  code = await runApi({ DATABASE_URL: database.url, JWT_SECRET: jwtSecret() });
} finally {
  await database.stop();
}
process.exit(code);
