#!/usr/bin/env node
// `npm run db:migrate`: applies pending SQL migrations to DATABASE_URL.
import { migrate } from './db.mjs';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set');
  process.exit(1);
}
const applied = await migrate(url);
console.log(applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}` : 'Database is up to date');
