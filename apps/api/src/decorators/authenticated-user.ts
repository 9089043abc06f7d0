import type { SessionUser } from '@tdgen/contracts';

/** The request's user as the session strategy returns it: with its session's expiry (epoch ms) and id. */
export type AuthenticatedUser = SessionUser & { sessionExpiresAt: number; sessionId: string | null };
