import type { CurrentUserDto } from '@tdgen/contracts';

/** How long a checked session is trusted without asking the database again. */
export const SESSION_CHECK_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * The users of recently checked session tokens on this instance (docs/security.md § Sessions): the
 * session check of every request costs a database round trip, so a positive answer is kept for
 * SESSION_CHECK_TTL_MS. Everything that ends sign-ins or changes what the check returns forgets
 * it at once — logout, disable, role or password change (here and, through the stream control
 * messages, on every instance), a display name or language change, the event feed reconnecting —
 * and a check that overlapped such a change is not kept (`version`).
 */
export class SessionUsers {
  private readonly entries = new Map<string, { user: CurrentUserDto; until: number }>();
  private version = 0;

  /**
   * @param isTrusted whether cached checks may be used now: not while this instance cannot hear
   *   the other instances (its event feed's connection is down), since a revocation might be missed
   */
  constructor(
    private readonly isTrusted: () => boolean = () => true,
    private readonly now: () => number = Date.now,
  ) {}

  /** The user of token (`userId`, `sessionId`, `epoch`) from the cache, else from `check` (kept when positive). */
  async get(
    userId: number,
    sessionId: string | null,
    epoch: number,
    check: () => Promise<CurrentUserDto | null>,
  ): Promise<CurrentUserDto | null> {
    if (!this.isTrusted()) return check();
    const key = `${userId} ${epoch} ${sessionId ?? ''}`;
    const entry = this.entries.get(key);
    if (entry && entry.until > this.now()) return entry.user;
    const version = this.version;
    const user = await check();
    if (user && version === this.version) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, { user, until: this.now() + SESSION_CHECK_TTL_MS });
    } else if (!user) this.entries.delete(key);
    return user;
  }

  /** Forgets every checked token of the user. */
  forgetUser(userId: number): void {
    this.version++;
    const prefix = `${userId} `;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  forgetAll(): void {
    this.version++;
    this.entries.clear();
  }
}
