import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { PresenceEntry, SessionUser } from '@tdgen/contracts';
import { ApiException } from '../common/api-exception';
import { isDatabaseUnavailable } from '../common/database-unavailable';
import { ConfigService } from '../config/config.service';
import type { Tx } from '../prisma/prisma.service';
import { EventLog, type RecordEvent } from './event-log';
import type { TabRef } from './tab-liveness';

/** Namespace of the advisory locks that serialize one tab's presence changes. */
const PRESENCE_LOCK = 7412002;

interface LeftRow {
  user_id: number;
  client_id: string;
  job_description_id: number;
  display_name: string;
}

/**
 * Who has which description open in their workspace (docs/product.md § Presence), per browser
 * tab, in the `presence` table shared by every instance: a user is present while any of their
 * tabs is. A tab leaves when it opens another description or none, when its last event stream
 * on any instance closes (not when an instance shuts down: the tab reconnects elsewhere), when
 * its instance dies (InstanceHeartbeat), and — a tab without a stream — after the lock orphan
 * grace. Every leave is a `DELETE … RETURNING` in the transaction that records the event, so of
 * several instances only one publishes it.
 */
@Injectable()
export class PresenceService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PresenceService.name);
  private sweepTimer: ReturnType<typeof setInterval> | null = null;
  private sweeping: Promise<unknown> | null = null;

  constructor(
    private readonly log: EventLog,
    private readonly config: ConfigService,
  ) {}

  onModuleInit(): void {
    this.sweepTimer = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = this.sweepSilentTabs()
        .catch((err: unknown) => {
          if (!isDatabaseUnavailable(err)) this.logger.error(`Presence sweep failed: ${(err as Error).message}`);
        })
        .finally(() => (this.sweeping = null));
    }, this.config.get('lock').sweepIntervalMs);
    this.sweepTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.sweeping;
  }

  /** Everyone present, ordered by description, then user, then tab (the hello snapshot). */
  async list(db: Tx): Promise<PresenceEntry[]> {
    const rows = await db.$queryRaw<LeftRow[]>`
      SELECT p.user_id, p.client_id, p.job_description_id, u.display_name
      FROM presence p JOIN users u ON u.id = p.user_id
      ORDER BY p.job_description_id, p.user_id, p.client_id COLLATE "C"`;
    return rows.map(toEntry);
  }

  /**
   * The tab now shows `jobDescriptionId` (or nothing). Publishes left/joined only on change.
   * 404 for an unknown description, 409 for a deleted one (it cannot be opened, docs/product.md § Deletion and restore).
   */
  async set(user: SessionUser, clientId: string, jobDescriptionId: number | null): Promise<void> {
    await this.log.transaction(async (tx, record) => {
      if (jobDescriptionId !== null) await assertOpenable(tx, jobDescriptionId);
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PRESENCE_LOCK}::int, hashtext(${`${user.id}:${clientId}`}))`;
      const [current] = await tx.$queryRaw<{ job_description_id: number }[]>`
        SELECT job_description_id FROM presence WHERE user_id = ${user.id} AND client_id = ${clientId}`;
      if (current?.job_description_id === jobDescriptionId) return;
      if (current) {
        const left = await tx.$queryRaw<LeftRow[]>`
          WITH gone AS (DELETE FROM presence WHERE user_id = ${user.id} AND client_id = ${clientId} RETURNING *)
          SELECT gone.*, u.display_name FROM gone JOIN users u ON u.id = gone.user_id`;
        recordLeft(record, left);
      }
      if (jobDescriptionId === null) return;
      await tx.$executeRaw`
        INSERT INTO presence (user_id, client_id, job_description_id) VALUES (${user.id}, ${clientId}, ${jobDescriptionId})`;
      record({
        type: 'user:joined-workspace',
        data: { jobDescriptionId, user: { id: user.id, displayName: user.displayName }, clientId },
        userId: user.id,
        clientId,
      });
    });
  }

  /**
   * Inside the transaction of the reaper or of recorded closes (TabLiveness): the tabs without a
   * stream any more leave (not one that opened a stream again meanwhile).
   */
  async leaveTabsWithoutStream(tx: Tx, record: RecordEvent, tabs: TabRef[]): Promise<void> {
    if (tabs.length === 0) return;
    const left = await tx.$queryRaw<LeftRow[]>`
      WITH gone AS (
        DELETE FROM presence p
        USING unnest(${tabs.map((t) => t.userId)}::int[], ${tabs.map((t) => t.clientId)}::text[]) AS tab(user_id, client_id)
        WHERE p.user_id = tab.user_id AND p.client_id = tab.client_id
          AND NOT EXISTS (SELECT 1 FROM event_streams s WHERE s.user_id = p.user_id AND s.client_id = p.client_id)
        RETURNING p.*)
      SELECT gone.*, u.display_name FROM gone JOIN users u ON u.id = gone.user_id
      ORDER BY gone.user_id, gone.client_id`;
    recordLeft(record, left);
  }

  /**
   * Tabs that announced a description but have had no stream for the orphan grace (never opened
   * one, or their instance shut down and they did not come back) leave.
   */
  async sweepSilentTabs(): Promise<void> {
    const graceMs = this.config.get('lock').orphanGraceMs;
    await this.log.transaction(async (tx, record) => {
      const left = await tx.$queryRaw<LeftRow[]>`
        WITH gone AS (
          DELETE FROM presence p
          WHERE NOT EXISTS (SELECT 1 FROM event_streams s WHERE s.user_id = p.user_id AND s.client_id = p.client_id)
            AND greatest(p.since, coalesce((SELECT t.closed_at FROM browser_tabs t
                                             WHERE t.user_id = p.user_id AND t.client_id = p.client_id), p.since))
                <= now() - ${graceMs}::float8 * interval '1 millisecond'
          RETURNING p.*)
        SELECT gone.*, u.display_name FROM gone JOIN users u ON u.id = gone.user_id
        ORDER BY gone.user_id, gone.client_id`;
      recordLeft(record, left);
    });
  }
}

function toEntry(row: LeftRow): PresenceEntry {
  return {
    jobDescriptionId: row.job_description_id,
    user: { id: row.user_id, displayName: row.display_name },
    clientId: row.client_id,
  };
}

function recordLeft(record: RecordEvent, rows: LeftRow[]): void {
  for (const row of rows) {
    record({ type: 'user:left-workspace', data: toEntry(row), userId: row.user_id, clientId: row.client_id });
  }
}

async function assertOpenable(tx: Tx, id: number): Promise<void> {
  const rows = await tx.$queryRaw<{ deleted_at: Date | null }[]>`
    SELECT deleted_at FROM job_descriptions WHERE id = ${id}`;
  const record = { entityType: 'JobDescription' as const, id };
  if (rows.length === 0) {
    throw new ApiException('NOT_FOUND', { records: [record] }, `Job description ${id} does not exist`);
  }
  if (rows[0].deleted_at) {
    throw new ApiException('RECORD_DELETED', { record }, `Job description ${id} is deleted; restore it to open it`);
  }
}
