import { Injectable } from '@nestjs/common';
import type { CurrentUserDto } from '@tdgen/contracts';
import type { AuthenticatedUser } from '../decorators/authenticated-user';
import { PrismaService } from '../prisma/prisma.service';

export interface SsoSignInRecord {
  sessionId: string;
  userId: number;
  issuer: string;
  subject: string;
  providerSessionId: string | null;
  idToken: string;
  expiresAt: Date;
}

/** The sign-ins made through the provider (table sso_sign_ins), until their sessions expire. */
@Injectable()
export class SsoSignIns {
  constructor(private readonly prisma: PrismaService) {}

  async record(signIn: SsoSignInRecord): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.ssoSignIn.deleteMany({ where: { expiresAt: { lt: new Date() } } }),
      this.prisma.ssoSignIn.create({ data: signIn }),
    ]);
  }

  /** Removes the sign-in and returns its ID token (the hint for RP-initiated logout), if it was one. */
  async take(sessionId: string): Promise<string | null> {
    const [row] = await this.prisma.$queryRaw<{ idToken: string }[]>`
      DELETE FROM sso_sign_ins WHERE session_id = ${sessionId} RETURNING id_token AS "idToken"`;
    return row?.idToken ?? null;
  }

  /**
   * Removes and returns the live sign-ins a back-channel logout token names, within its issuer:
   * those of the provider session (`sid`) and/or of the subject (`sub`), whichever the token has.
   * One DELETE … RETURNING, so a token delivered twice at once ends each sign-in once.
   */
  async takeMatching(issuer: string, match: { sid?: string; sub?: string }): Promise<AuthenticatedUser[]> {
    const rows = await this.prisma.$queryRaw<(CurrentUserDto & { sessionId: string; expiresAt: Date })[]>`
      WITH ended AS (
        DELETE FROM sso_sign_ins
        WHERE issuer = ${issuer} AND expires_at > now()
          AND (${match.sid ?? null}::text IS NULL OR provider_session_id = ${match.sid ?? null})
          AND (${match.sub ?? null}::text IS NULL OR subject = ${match.sub ?? null})
        RETURNING session_id, user_id, expires_at)
      SELECT u.id, u.username, u.display_name AS "displayName", u.role::text AS role, u.language,
             e.session_id AS "sessionId", e.expires_at AS "expiresAt"
      FROM ended e JOIN users u ON u.id = e.user_id`;
    return rows.map(({ expiresAt, ...user }) => ({ ...user, sessionExpiresAt: expiresAt.getTime() }));
  }
}
