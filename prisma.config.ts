import { defineConfig } from 'prisma/config';

// Only `prisma generate`/`validate`/`format` run here: migrations are SQL applied by
// node-pg-migrate (docs/adr/0002-sql-migrations-beside-prisma.md), so no URL is needed to generate.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  datasource: { url: process.env['DATABASE_URL'] ?? 'postgresql://localhost:5432/tdgen' },
});
