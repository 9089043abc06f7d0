import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import { ConfigService } from '../config/config.service';
import { preparedStatementName } from './prepared-statements';

/**
 * The Prisma 7 client over node-postgres, connected for the application's lifetime. It
 * disconnects in the last shutdown hook, after the HTTP server has closed, so requests still in
 * flight when SIGTERM arrives finish their transactions instead of failing.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnApplicationShutdown {
  constructor(config: ConfigService) {
    // A connection attempt that hangs (server unreachable, not refusing) or a wait for a free
    // connection fails after DATABASE_CONNECT_TIMEOUT_MS (5 s), so a request answers 503 instead of
    // waiting forever for the pool.
    const pool = config.get('databasePool');
    super({
      adapter: new PrismaPg(
        {
          connectionString: config.get('databaseUrl'),
          max: pool.max,
          connectionTimeoutMillis: pool.connectionTimeoutMs,
        },
        // The hot statements run prepared (prepared-statements.ts); every other one unnamed ('').
        pool.preparedStatements ? { statementNameGenerator: (query) => preparedStatementName(query.sql) ?? '' } : {},
      ),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}

/** The client handed to code running inside `prisma.$transaction(async (tx) => ...)`. */
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;
