import { Prisma } from '../generated/prisma/client';
import { ApiException } from './api-exception';

/** Seconds a client is asked to wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_S = 5;

/**
 * Prisma codes that mean "no usable connection": cannot reach (P1001), timed out (P1002, P1008),
 * database missing (P1003), server closed the connection (P1017), pool timeout (P2024), too many
 * connections (P2037).
 */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1003', 'P1008', 'P1017', 'P2024', 'P2037']);

/** What @prisma/adapter-pg calls a lost or refused connection (its DriverAdapterError kinds). */
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
]);

/**
 * PostgreSQL SQLSTATEs of an unavailable server: connection exceptions (08…), too many
 * connections (53300), admin/crash shutdown and "starting up" (57P01–57P03), database missing
 * (3D000), and 55000 as it comes from `ALLOW_CONNECTIONS false` at connect time (FATAL).
 */
const SQLSTATES = new Set(['53300', '57P01', '57P02', '57P03', '3D000']);

/** Socket errors of node-postgres and its pool. */
const NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const NODE_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

export interface ErrorLike {
  code?: unknown;
  originalCode?: unknown;
  kind?: unknown;
  severity?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown; code?: unknown };
}

/**
 * Prisma's P2028 when an interactive transaction could not get a connection within its `maxWait`:
 * every pooled connection is busy — the database is overloaded for the moment, not the request wrong.
 */
const TRANSACTION_START_TIMEOUT = /Unable to start a transaction in the given time/;

function isUnavailableNode(e: ErrorLike): boolean {
  const code = typeof e.originalCode === 'string' ? e.originalCode : e.code;
  if (code === 'P2028' && typeof e.message === 'string' && TRANSACTION_START_TIMEOUT.test(e.message)) return true;
  if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof code === 'string') {
    if (PRISMA_CODES.has(code) || SQLSTATES.has(code) || NODE_CODES.has(code) || code.startsWith('08')) return true;
    // A FATAL server error ends the connection (e.g. 55000 "not currently accepting connections").
    if (/^[0-9A-Z]{5}$/.test(code) && (e.severity === 'FATAL' || e.severity === 'PANIC')) return true;
  }
  return typeof e.message === 'string' && NODE_MESSAGES.test(e.message);
}

/**
 * True when an error means PostgreSQL cannot be reached right now (refused, terminated, shutting
 * down, too many connections), as opposed to an error of the query itself. Prisma 7 wraps the
 * driver's error (`meta.driverAdapterError.cause`), so the whole chain is examined.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  return someInErrorChain(error, isUnavailableNode);
}

/**
 * Whether `test` holds for the error or anything it wraps: its `cause`s and, under Prisma 7, the
 * driver adapter's error (`meta.driverAdapterError`).
 */
export function someInErrorChain(error: unknown, test: (node: ErrorLike) => boolean): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const node = e as ErrorLike;
    if (test(node)) return true;
    queue.push(node.cause, node.meta?.driverAdapterError);
  }
  return false;
}

/** Whether PostgreSQL answered with this SQLSTATE (e.g. 23505 unique violation), however wrapped. */
export function hasSqlState(error: unknown, sqlState: string): boolean {
  return someInErrorChain(
    error,
    (node) => node.code === sqlState || node.originalCode === sqlState || node.meta?.code === sqlState,
  );
}

/** The 503 every request gets while the database is unreachable (with Retry-After, set by the filter). */
export function databaseUnavailable(): ApiException<'DATABASE_UNAVAILABLE'> {
  return new ApiException(
    'DATABASE_UNAVAILABLE',
    { retryAfterS: DATABASE_RETRY_AFTER_S },
    'The database is unavailable at the moment; your request was not carried out. Try again shortly.',
  );
}
