import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { PresenceEntry, SessionUser } from '@tdgen/contracts';
import type { Subscription } from 'rxjs';
import { ApiException } from '../common/api-exception';
import { ConfigService } from '../config/config.service';
import { PrismaService } from '../prisma/prisma.service';
import { EventsService, type TabRef } from './events.service';

interface TabPresence extends PresenceEntry {
  since: number;
}

/**
 * Who has which description open in their workspace (docs/product.md § Presence), per browser tab: a user is
 * present while any of their tabs is. A tab leaves when it opens another description or none,
 * when its last event stream closes, and — for a tab that announced itself but never opened a
 * stream — after the lock orphan grace period.
 */
@Injectable()
export class PresenceService implements OnModuleInit, OnModuleDestroy {
  private readonly entries = new Map<string, TabPresence>();
  private subscription: Subscription | null = null;
  private sweepTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly prisma: PrismaService,
    private readonly events: EventsService,
    private readonly config: ConfigService,
  ) {}

  onModuleInit(): void {
    this.subscription = this.events.tabClosed.subscribe((tab) => this.leave(tab));
    this.sweepTimer = setInterval(() => this.sweepSilentTabs(), this.config.get('lock').sweepIntervalMs);
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
  }

  /** Everyone present, ordered by description, then user, then tab (the hello snapshot). */
  list(): PresenceEntry[] {
    return [...this.entries.values()]
      .map(({ jobDescriptionId, user, clientId }) => ({ jobDescriptionId, user, clientId }))
      .sort(
        (a, b) =>
          a.jobDescriptionId - b.jobDescriptionId || a.user.id - b.user.id || a.clientId.localeCompare(b.clientId),
      );
  }

  /**
   * The tab now shows `jobDescriptionId` (or nothing). Publishes left/joined only on change.
   * 404 for an unknown description, 409 for a deleted one (it cannot be opened, docs/product.md § Deletion and restore).
   */
  async set(user: SessionUser, clientId: string, jobDescriptionId: number | null): Promise<void> {
    if (jobDescriptionId !== null) await this.assertOpenable(jobDescriptionId);
    const key = `${user.id}\u0000${clientId}`;
    const current = this.entries.get(key);
    if (current?.jobDescriptionId === jobDescriptionId) return;
    if (current) this.leave({ userId: user.id, clientId });
    if (jobDescriptionId === null) return;
    const entry: TabPresence = {
      jobDescriptionId,
      user: { id: user.id, displayName: user.displayName },
      clientId,
      since: Date.now(),
    };
    this.entries.set(key, entry);
    this.events.broadcastEvent({
      type: 'user:joined-workspace',
      data: { jobDescriptionId, user: entry.user, clientId },
      userId: user.id,
      clientId,
    });
  }

  private leave(tab: TabRef): void {
    const key = `${tab.userId}\u0000${tab.clientId}`;
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.events.broadcastEvent({
      type: 'user:left-workspace',
      data: { jobDescriptionId: entry.jobDescriptionId, user: entry.user, clientId: entry.clientId },
      userId: tab.userId,
      clientId: tab.clientId,
    });
  }

  private sweepSilentTabs(): void {
    const graceMs = this.config.get('lock').orphanGraceMs;
    const now = Date.now();
    for (const entry of [...this.entries.values()]) {
      const idleSince = this.events.tabIdleSince(entry.user.id, entry.clientId);
      if (idleSince !== null && now - Math.max(idleSince, entry.since) >= graceMs) {
        this.leave({ userId: entry.user.id, clientId: entry.clientId });
      }
    }
  }

  private async assertOpenable(id: number): Promise<void> {
    const rows = await this.prisma.$queryRaw<{ deleted_at: Date | null }[]>`
      SELECT deleted_at FROM job_descriptions WHERE id = ${id}`;
    const record = { entityType: 'JobDescription' as const, id };
    if (rows.length === 0)
      throw new ApiException('NOT_FOUND', { records: [record] }, `Job description ${id} does not exist`);
    if (rows[0].deleted_at) {
      throw new ApiException('RECORD_DELETED', { record }, `Job description ${id} is deleted; restore it to open it`);
    }
  }
}
