/** The longest delay setTimeout takes; a later expiry is reached in steps of this. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * When the sessions of open streams expire: one timer for all of them, armed for the earliest
 * expiry, instead of one timer per stream (docs/performance.md § Idle streams). Streams are kept
 * by expiry time (epoch ms), so the streams of one sign-in share one entry; when the timer fires,
 * every stream whose time has come is handed to `onExpired` and the timer is armed for the next.
 */
export class SessionExpiries<T> {
  private readonly byTime = new Map<number, Set<T>>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The expiry the timer is armed for (Infinity: none). */
  private armedFor = Infinity;

  constructor(private readonly onExpired: (item: T) => void) {}

  add(item: T, expiresAt: number): void {
    let items = this.byTime.get(expiresAt);
    if (!items) {
      items = new Set();
      this.byTime.set(expiresAt, items);
    }
    items.add(item);
    if (expiresAt < this.armedFor) this.arm(expiresAt);
  }

  /** Forgets a stream (closed); `expiresAt` as given to `add`. */
  delete(item: T, expiresAt: number): void {
    const items = this.byTime.get(expiresAt);
    if (!items?.delete(item)) return;
    if (items.size > 0) return;
    this.byTime.delete(expiresAt);
    if (this.byTime.size === 0) this.stop();
  }

  /** Stops the timer (shutdown); streams added later arm it again. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.armedFor = Infinity;
  }

  private arm(expiresAt: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = expiresAt;
    this.timer = setTimeout(() => this.expire(), Math.min(MAX_TIMER_MS, Math.max(0, expiresAt - Date.now())));
    this.timer.unref();
  }

  private expire(): void {
    this.timer = null;
    this.armedFor = Infinity;
    const now = Date.now();
    let next = Infinity;
    for (const [expiresAt, items] of this.byTime) {
      if (expiresAt > now) {
        next = Math.min(next, expiresAt);
        continue;
      }
      this.byTime.delete(expiresAt);
      for (const item of items) this.onExpired(item);
    }
    if (next < Infinity && next < this.armedFor) this.arm(next);
  }
}
