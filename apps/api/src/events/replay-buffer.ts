import type { StreamEventMap } from '@tdgen/contracts';
import type { SseFrame } from './sse-frame';

export type ResyncReason = StreamEventMap['resync']['reason'];

/** What a (re)connecting stream gets after `hello`. */
export type ReplayPlan =
  | { kind: 'fresh' }
  | { kind: 'replay'; frames: SseFrame[] }
  | { kind: 'resync'; reason: ResyncReason };

/**
 * The last `capacity` domain frames in id order (docs/product.md § Events), kept in a ring so
 * that pushing is O(1) at any size, and together never more than `maxBytes` (the oldest go first;
 * a frame larger than that is not kept at all, and a client that missed it resyncs). Frames are
 * stored serialized: a replay writes the same bytes a live connection received.
 */
export class ReplayBuffer {
  private readonly ring: (SseFrame | undefined)[];
  private start = 0;
  private size = 0;
  private heldBytes = 0;

  constructor(
    readonly capacity: number,
    readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {
    this.ring = new Array<SseFrame | undefined>(capacity);
  }

  /** The bytes of the frames held. */
  get bytes(): number {
    return this.heldBytes;
  }

  get length(): number {
    return this.size;
  }

  push(frame: SseFrame): void {
    if (this.capacity === 0) return;
    if (this.size === this.capacity) this.dropOldest();
    this.ring[(this.start + this.size) % this.capacity] = frame;
    this.size++;
    this.heldBytes += frame.bytes.length;
    while (this.heldBytes > this.maxBytes) this.dropOldest();
  }

  private dropOldest(): void {
    this.heldBytes -= this.at(0).bytes.length;
    this.ring[this.start] = undefined;
    this.start = (this.start + 1) % this.capacity;
    this.size--;
  }

  /** The oldest id still held, or null when empty. */
  oldestId(): number | null {
    return this.size === 0 ? null : this.at(0).id;
  }

  /**
   * Decides how a client that last saw `lastEventId` catches up. `bootId` is the id this server
   * run started counting from (ids of an earlier run are below it); `headId` the newest id
   * published. Must be called synchronously with the connection's registration, so that every
   * event after `headId` reaches the connection live and none falls between the two.
   */
  plan(lastEventId: number | null, bootId: number, headId: number): ReplayPlan {
    if (lastEventId === null) return { kind: 'fresh' };
    if (Number.isNaN(lastEventId) || lastEventId > headId) return { kind: 'resync', reason: 'unknown-id' };
    if (lastEventId < bootId) return { kind: 'resync', reason: 'server-restarted' };
    if (lastEventId === headId) return { kind: 'replay', frames: [] };
    const oldest = this.oldestId();
    if (oldest === null || lastEventId < oldest - 1) return { kind: 'resync', reason: 'buffer-exceeded' };
    return { kind: 'replay', frames: this.after(lastEventId) };
  }

  /** Frames with an id above `id`, oldest first (binary search: ids ascend through the ring). */
  after(id: number): SseFrame[] {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).id <= id) lo = mid + 1;
      else hi = mid;
    }
    const frames: SseFrame[] = [];
    for (let i = lo; i < this.size; i++) frames.push(this.at(i));
    return frames;
  }

  private at(index: number): SseFrame {
    return this.ring[(this.start + index) % this.capacity] as SseFrame;
  }
}
