import { Injectable } from '@nestjs/common';
import { DISPLAY_NAME_MAX_LENGTH, USERNAME_MAX_LENGTH, type Role, type SessionUser } from '@tdgen/contracts';
import { ConfigService } from '../config/config.service';
import { requiredOidcConfig, type OidcConfig } from '../config/oidc-config';
import { ChangeClock } from '../events/change-clock';
import { StreamHub } from '../events/stream-hub';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { SsoLoginError } from './sso-login-error';

// Usernames from a provider may be e-mail-like (Entra ID's preferred_username is the UPN).
const SSO_USERNAME = /^[a-z0-9._@-]{2,}$/;

type Claims = Record<string, unknown> & { sub: string };

/** Values of a claim that may be a list of strings or one string. */
function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The role the provider's groups give: ADMIN for a member of any OIDC_ADMIN_GROUPS, else EDITOR. */
export function mappedRole(
  claims: Record<string, unknown>,
  settings: Pick<OidcConfig, 'groupsClaim' | 'adminGroups'>,
): Role {
  const groups = claimValues(claims[settings.groupsClaim]);
  return settings.adminGroups.some((admin) => groups.includes(admin)) ? 'ADMIN' : 'EDITOR';
}

/**
 * Accounts of people who sign in through the provider: linked by issuer and `sub` (never by a
 * name), created on the first sign-in, their role and display name taken from the provider at
 * every sign-in. A disabled account stays out.
 */
@Injectable()
export class SsoAccounts {
  private readonly settings: OidcConfig;

  constructor(
    private readonly prisma: PrismaService,
    private readonly streams: StreamHub,
    private readonly changes: ChangeClock,
    config: ConfigService,
  ) {
    this.settings = requiredOidcConfig(config.get('oidc'));
  }

  /**
   * The account of the person, and the session epoch their new session belongs to. A role that
   * changes here ends the account's other sign-ins, as a role change in the admin screen does.
   */
  async signIn(issuer: string, claims: Claims): Promise<{ user: SessionUser; sessionEpoch: number }> {
    const role = mappedRole(claims, this.settings);
    const identity = { oidcIssuer: issuer, oidcSubject: claims.sub };
    const existing = await this.prisma.user.findUnique({ where: { oidcIssuer_oidcSubject: identity } });
    if (existing) {
      if (existing.disabledAt) throw new SsoLoginError('disabled', `account ${existing.username} is disabled`);
      const isRoleChanged = existing.role !== role;
      const user = await this.prisma.user.update({
        where: { id: existing.id },
        data: {
          role,
          displayName: this.displayName(claims, existing.username),
          sessionEpoch: isRoleChanged ? { increment: 1 } : undefined,
        },
      });
      if (isRoleChanged) await this.streams.endSessionStreams(user.id);
      if (user.displayName !== existing.displayName) await this.changes.announceDataChanged();
      return { user: toSessionUser(user), sessionEpoch: user.sessionEpoch };
    }
    const username = this.username(claims);
    try {
      const user = await this.prisma.user.create({
        data: { ...identity, username, displayName: this.displayName(claims, username), role, passwordHash: null },
      });
      return { user: toSessionUser(user), sessionEpoch: user.sessionEpoch };
    } catch (err) {
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
      // The same person's first sign-in in a second tab won the race: use the account it made.
      const raced = await this.prisma.user.findUnique({ where: { oidcIssuer_oidcSubject: identity } });
      if (raced) return this.signIn(issuer, claims);
      throw new SsoLoginError(
        'conflict',
        `username "${username}" belongs to an account not linked to ${issuer} subject ${claims.sub}`,
      );
    }
  }

  private username(claims: Claims): string {
    const claim = this.settings.usernameClaim;
    const raw = claims[claim];
    const username = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
    if (!SSO_USERNAME.test(username) || username.length > USERNAME_MAX_LENGTH) {
      throw new SsoLoginError(
        'failed',
        `claim ${claim} (${JSON.stringify(raw)}) is not a usable username (2–${USERNAME_MAX_LENGTH} of a-z 0-9 . _ @ -)`,
      );
    }
    return username;
  }

  private displayName(claims: Claims, username: string): string {
    const name = typeof claims['name'] === 'string' ? claims['name'].trim() : '';
    return (name || username).slice(0, DISPLAY_NAME_MAX_LENGTH);
  }
}

function toSessionUser(u: { id: number; username: string; displayName: string; role: Role }): SessionUser {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role };
}
