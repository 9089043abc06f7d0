import type { CurrentUserDto } from '@tdgen/contracts';

/** The request's user as the session strategy returns it: with its language, its session's expiry (epoch ms) and id. */
export type AuthenticatedUser = CurrentUserDto & { sessionExpiresAt: number; sessionId: string | null };
