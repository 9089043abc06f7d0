// Container start: migrate, seed an empty database, then run the API in this process.
import { migrate } from './db.mjs';
import { seedIfEmpty } from './seed.mjs';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required');
  process.exit(1);
}
await migrate(url);
const seeded = await seedIfEmpty(url);
if (seeded)
  console.log(
    `Seeded demo accounts ${seeded.map((u) => u.username).join(', ')} — change their passwords (npm run users).`,
  );
await import('../main.js');
