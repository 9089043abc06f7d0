import { describe, expect, it } from '@jest/globals';
import { Prisma } from '../generated/prisma/client';
import { isDatabaseUnavailable } from './database-unavailable';

function known(code: string, cause?: object): Prisma.PrismaClientKnownRequestError {
  return new Prisma.PrismaClientKnownRequestError('x', {
    code,
    clientVersion: '7',
    meta: cause ? { driverAdapterError: Object.assign(new Error('driver'), { cause }) } : undefined,
  });
}

const socket = (code: string) => Object.assign(new Error(code), { code, syscall: 'connect', errno: -111 });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['refused (adapter kind)', known('P1001', { kind: 'DatabaseNotReachable' })],
    ['connection closed', known('P1017', { kind: 'ConnectionClosed' })],
    ['too many connections', known('P2037', { kind: 'TooManyConnections', cause: '53300' })],
    ['admin shutdown', known('P2010', { kind: 'postgres', code: '57P01', severity: 'FATAL' })],
    ['starting up', known('P2010', { kind: 'postgres', code: '57P03', severity: 'FATAL' })],
    ['not accepting connections', known('P2010', { kind: 'postgres', code: '55000', severity: 'FATAL' })],
    ['database missing', known('P1003', { kind: 'DatabaseDoesNotExist', originalCode: '3D000' })],
    ['pool timeout', known('P2024')],
    [
      'no connection for a transaction in time',
      new Prisma.PrismaClientKnownRequestError(
        'Transaction API error: Unable to start a transaction in the given time.',
        {
          code: 'P2028',
          clientVersion: '7',
        },
      ),
    ],
    ['raw ECONNREFUSED', socket('ECONNREFUSED')],
    ['raw ECONNRESET wrapped', new Error('query failed', { cause: socket('ECONNRESET') })],
    ['pg connection terminated', new Error('Connection terminated unexpectedly')],
    ['pg pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['initialization', new Prisma.PrismaClientInitializationError('cannot connect', '7')],
  ])('%s → unavailable', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['unique violation', known('P2002')],
    ['not found', known('P2025')],
    ['a non-fatal 55000', known('P2010', { kind: 'postgres', code: '55000', severity: 'ERROR' })],
    ['serialization failure', known('P2034', { kind: 'TransactionWriteConflict' })],
    [
      'a transaction that ran past its timeout',
      new Prisma.PrismaClientKnownRequestError('Transaction API error: Transaction already closed', {
        code: 'P2028',
        clientVersion: '7',
      }),
    ],
    ['a plain error', new Error('boom')],
    ['not an error', 'text'],
    ['nothing', undefined],
  ])('%s → not unavailable', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
