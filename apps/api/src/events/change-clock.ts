import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
import { CONTROL_CHANNEL, EventFeed } from './event-feed';
import { EventLog } from './event-log';

/** The control message (CONTROL_CHANNEL) for a change that has no event of its own, e.g. a user's new display name. */
const DATA_CHANGED = { kind: 'data-changed' } as const;

/**
 * A per-instance counter that moves whenever committed data the lists show may have changed
 * (docs/adr/0018-catalogue-lists-in-sql.md § Page cache): a catalogue event committed through
 * this instance (at once, before its response goes out — so a tab reads its own writes here), a
 * catalogue event of any instance arriving through the feed, a `data-changed` control message (`announceDataChanged`), or
 * the feed (re)connecting, when anything may have been missed. Lock and presence events leave it
 * alone: no list shows them.
 *
 * A reader takes `version` before it reads and may keep what it read only while `version` is
 * unchanged: a commit its snapshot missed happened after the read began, so its event moves the
 * clock after that moment.
 */
@Injectable()
export class ChangeClock {
  private value = 0;
  private readonly listeners: (() => void)[] = [];
  private readonly dataChangedListeners: (() => void)[] = [];

  constructor(
    log: EventLog,
    private readonly feed: EventFeed,
    private readonly prisma: PrismaService,
  ) {
    log.onCommitted((types) => {
      if (types.some(changesLists)) this.tick();
    });
    feed.onFrames((frames) => {
      if (frames.some((frame) => frame.type === undefined || changesLists(frame.type))) this.tick();
    });
    feed.onControl((message) => {
      if ((message as { kind?: unknown } | null)?.kind === DATA_CHANGED.kind) this.dataChanged();
    });
    feed.onConnected(() => this.dataChanged());
  }

  get version(): number {
    return this.value;
  }

  /**
   * Whether the clock hears every change now: false while the feed's connection is down, when
   * another instance's change would go unnoticed — caches must not answer from memory then.
   */
  get isListening(): boolean {
    return this.feed.isListening;
  }

  /** A change without an event of its own committed (a user's display name): every instance's clock moves. */
  async announceDataChanged(): Promise<void> {
    this.dataChanged();
    await this.prisma.$executeRaw`SELECT pg_notify(${CONTROL_CHANNEL}, ${JSON.stringify(DATA_CHANGED)})`;
  }

  /** Called on every tick, synchronously. */
  onTick(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * Called, synchronously, when data without events of its own may have changed: a
   * `data-changed` announcement here or on another instance, or the feed (re)connecting (a
   * notification may have been missed). The clock ticks too.
   */
  onDataChanged(listener: () => void): void {
    this.dataChangedListeners.push(listener);
  }

  private dataChanged(): void {
    for (const listener of this.dataChangedListeners) listener();
    this.tick();
  }

  private tick(): void {
    this.value++;
    for (const listener of this.listeners) listener();
  }
}

function changesLists(type: string): boolean {
  return !type.startsWith('lock:') && !type.startsWith('user:');
}
