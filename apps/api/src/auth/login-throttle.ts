import { Injectable } from '@nestjs/common';
import { ApiException } from '../common/api-exception';
import { ConfigService } from '../config/config.service';
import { PrismaService } from '../prisma/prisma.service';

/** An address may try this many times the per-account budget, summed over all usernames. */
const ADDRESS_BUDGET_FACTOR = 5;
/** Each wrong password beyond the budget doubles the wait for the next attempt, up to this. */
const MAX_DELAY_MS = 15 * 60_000;

interface Budget {
  key: string;
  /** Attempts allowed back to back. */
  limit: number;
}

/** One charged attempt: what each key paid, so a correct sign-in can be refunded. */
export interface LoginAttempt {
  charged: { key: string; intervalMs: number; isAccount: boolean }[];
}

interface Row {
  key: string;
  next_at: Date;
  failures: number;
  now: Date;
}

/**
 * Sign-in throttling (ADR 0009), in PostgreSQL so that it holds across API instances and
 * restarts. Every attempt is *charged before* the password is verified, inside one transaction
 * that locks the attempt's rows, so any number of parallel attempts get at most the budget
 * evaluated. Two keys are charged: the account at this client address (`LOGIN_RATE_LIMIT` per
 * `LOGIN_RATE_WINDOW_MS`) and the client address alone (five times that, over all usernames).
 *
 * The schedule is a generic cell rate: `limit` attempts back to back, then one per
 * window/limit — and each wrong password past the budget doubles that interval (growing delay,
 * capped at 15 min) instead of locking the account: the right password is accepted at the next
 * due attempt, and an attempt refused while waiting does not push the schedule further. A
 * correct sign-in clears the account-at-address key and refunds its charge on the address key
 * (colleagues behind one address); the address's failures stay, so an attacker cannot reset them
 * with an account of their own.
 */
@Injectable()
export class LoginThrottle {
  private readonly limit: number;
  private readonly windowMs: number;
  private prunedAt = 0;

  constructor(
    private readonly prisma: PrismaService,
    config: ConfigService,
  ) {
    ({ limit: this.limit, ttlMs: this.windowMs } = config.get('loginThrottle'));
  }

  private budgets(username: string, address: string): Budget[] {
    const account = username.trim().toLowerCase().slice(0, 80);
    return [
      { key: `account:${account}@${address}`.slice(0, 200), limit: this.limit },
      { key: `address:${address}`.slice(0, 200), limit: this.limit * ADDRESS_BUDGET_FACTOR },
    ].sort((a, b) => a.key.localeCompare(b.key));
  }

  /** Charges one attempt to every key, or throws 429 with Retry-After (charging nothing). */
  async charge(username: string, address: string): Promise<LoginAttempt> {
    const budgets = this.budgets(username, address);
    const keys = budgets.map((b) => b.key);
    const windowMs = this.windowMs;
    const { waitMs, charged } = await this.prisma.$transaction(
      async (tx) => {
        // A key idle for a whole window starts afresh (its failures are forgiven).
        await tx.$executeRaw`
        INSERT INTO login_throttle (key, next_at)
        SELECT k, now() FROM unnest(${keys}::varchar[]) AS k ORDER BY k
        ON CONFLICT (key) DO UPDATE SET next_at = now(), failures = 0
        WHERE login_throttle.next_at < now() - make_interval(secs => ${windowMs / 1000})`;
        const rows = await tx.$queryRaw<Row[]>`
        SELECT key, next_at, failures, now() AS now FROM login_throttle
        WHERE key = ANY(${keys}::varchar[]) ORDER BY key FOR UPDATE`;
        let wait = 0;
        const next: { key: string; at: Date; intervalMs: number }[] = [];
        for (const row of rows) {
          const limit = budgets.find((b) => b.key === row.key)?.limit ?? this.limit;
          const now = row.now.getTime();
          const intervalMs = this.intervalMs(limit, row.failures);
          // Due when the schedule is no further ahead than the burst allows.
          const aheadMs = row.next_at.getTime() - now - (windowMs - windowMs / limit);
          if (aheadMs > 0) wait = Math.max(wait, aheadMs);
          next.push({ key: row.key, at: new Date(Math.max(row.next_at.getTime(), now) + intervalMs), intervalMs });
        }
        if (wait > 0) return { waitMs: wait, charged: [] };
        for (const { key, at } of next) {
          await tx.$executeRaw`UPDATE login_throttle SET next_at = ${at} WHERE key = ${key}`;
        }
        return {
          waitMs: 0,
          charged: next.map(({ key, intervalMs }) => ({ key, intervalMs, isAccount: key.startsWith('account:') })),
        };
        // A burst of parallel attempts queues on the rows: wait for a connection rather than fail.
      },
      { maxWait: 10_000, timeout: 10_000 },
    );
    await this.pruneIdleKeys();
    if (waitMs > 0) {
      const retryAfterS = Math.ceil(waitMs / 1000);
      throw new ApiException(
        'RATE_LIMITED',
        { retryAfterS },
        `Too many sign-in attempts; try again in ${retryAfterS} s`,
      );
    }
    return { charged };
  }

  /** A wrong password: the next attempts of both keys come later and later. */
  async recordFailure(attempt: LoginAttempt): Promise<void> {
    const keys = attempt.charged.map((c) => c.key);
    await this.prisma
      .$executeRaw`UPDATE login_throttle SET failures = failures + 1 WHERE key = ANY(${keys}::varchar[])`;
  }

  /**
   * A correct sign-in forgives the account's failures at this address and costs the address
   * nothing (many people may sign in from one office address); the address's failures stay.
   */
  async recordSuccess(attempt: LoginAttempt): Promise<void> {
    for (const { key, intervalMs, isAccount } of attempt.charged) {
      if (isAccount) await this.prisma.$executeRaw`DELETE FROM login_throttle WHERE key = ${key}`;
      else {
        await this.prisma.$executeRaw`
          UPDATE login_throttle SET next_at = next_at - make_interval(secs => ${intervalMs / 1000}) WHERE key = ${key}`;
      }
    }
  }

  /** At most once a window per instance: drops idle keys, skipping any row an attempt holds. */
  private async pruneIdleKeys(): Promise<void> {
    if (Date.now() - this.prunedAt < this.windowMs) return;
    this.prunedAt = Date.now();
    await this.prisma.$executeRaw`
      DELETE FROM login_throttle WHERE key IN (
        SELECT key FROM login_throttle WHERE next_at < now() - make_interval(secs => ${this.windowMs / 1000})
        FOR UPDATE SKIP LOCKED)`;
  }

  private intervalMs(limit: number, failures: number): number {
    const base = this.windowMs / limit;
    const doublings = Math.max(0, failures - limit + 1);
    return Math.min(base * 2 ** Math.min(doublings, 30), Math.max(MAX_DELAY_MS, base));
  }
}
