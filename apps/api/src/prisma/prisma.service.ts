import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from '../generated/prisma/client';
import { ConfigService } from '../config/config.service';
import { preparedStatementName } from './prepared-statements';

/**
 * The Prisma 7 client over node-postgres, connected for the application's lifetime. It
 * disconnects in the last shutdown hook, after the HTTP server has closed, so requests still in
 * flight when SIGTERM arrives finish their transactions instead of failing.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnApplicationShutdown {
  /** The adapter's connection pool (created here, so `queryDirect` can use it too). */
  private readonly pool: pg.Pool;
  private readonly usesPreparedStatements: boolean;

  constructor(config: ConfigService) {
    // A connection attempt that hangs (server unreachable, not refusing) or a wait for a free
    // connection fails after DATABASE_CONNECT_TIMEOUT_MS (5 s), so a request answers 503 instead of
    // waiting forever for the pool.
    const settings = config.get('databasePool');
    const pool = new pg.Pool({
      connectionString: config.get('databaseUrl'),
      max: settings.max,
      connectionTimeoutMillis: settings.connectionTimeoutMs,
      options: settings.preparedStatements ? '-c plan_cache_mode=force_generic_plan' : undefined,
    });
    super({
      // The adapter declares a newer @types/pg than ours; the pg package itself is the one both use.
      adapter: new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0], {
        // The adapter listens for the pool's errors and ends it on $disconnect.
        disposeExternalPool: true,
        // The hot statements run prepared (prepared-statements.ts); every other one unnamed ('').
        ...(settings.preparedStatements
          ? { statementNameGenerator: (query) => preparedStatementName(query.sql) ?? '' }
          : {}),
      }),
    });
    this.pool = pool;
    this.usesPreparedStatements = settings.preparedStatements;
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }

  /**
   * Runs one autocommitted statement straight on the pool, beside Prisma's client runtime, whose
   * own work per raw query (≈ 80 µs of CPU) was the largest single cost left on the lock routes
   * (docs/adr/0019-prepared-statements.md). Rows come as node-postgres parses them: `bigint` as a
   * string, timestamps as Date. Errors are node-postgres's, which `common/database-unavailable.ts`
   * and `hasSqlState` read as they read Prisma's. Only for statements outside a transaction.
   */
  async queryDirect<T extends object>(sql: Prisma.Sql): Promise<T[]> {
    const text = sql.text; // built anew on each read
    const name = this.usesPreparedStatements ? preparedStatementName(text) : undefined;
    const { rows } = await this.pool.query<T>({ name, text, values: sql.values });
    return rows;
  }
}

/** The client handed to code running inside `prisma.$transaction(async (tx) => ...)`. */
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;
