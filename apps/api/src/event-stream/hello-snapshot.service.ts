import { Injectable } from '@nestjs/common';
import { PresenceService } from '../events/presence.service';
import type { HelloSnapshot } from '../events/stream-hub';
import { LocksService } from '../locks/locks.service';
import { PrismaService } from '../prisma/prisma.service';

/**
 * What a new stream's `hello` tells the tab (docs/product.md § Events): every live lock and who
 * is present where. It lives above both events and locks, so neither imports the other.
 */
@Injectable()
export class HelloSnapshotService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly locks: LocksService,
    private readonly presence: PresenceService,
  ) {}

  async load(): Promise<HelloSnapshot> {
    const [locks, presence] = await Promise.all([this.locks.listActive(), this.presence.list(this.prisma)]);
    return { locks, presence };
  }
}
