import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import {
  type CreateUserRequest,
  type CurrentUserDto,
  isLanguage,
  type Language,
  type SessionUser,
  type UpdateUserRequest,
  type UserDto,
} from '@tdgen/contracts';
import { ApiException } from '../common/api-exception';
import { ChangeClock } from '../events/change-clock';
import { StreamHub } from '../events/stream-hub';
import { SessionUsers } from './session-users';
import type { User } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';

// @node-rs/argon2 hashes with argon2id by default.
let dummyHash: Promise<string> | null = null;

function toSessionUser(u: User): SessionUser {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role };
}

function toCurrentUser(u: User): CurrentUserDto {
  return { ...toSessionUser(u), language: isLanguage(u.language) ? u.language : null };
}

function toUserDto(u: User): UserDto {
  return { ...toSessionUser(u), createdAt: u.createdAt.toISOString(), disabledAt: u.disabledAt?.toISOString() ?? null };
}

@Injectable()
export class UsersService {
  private readonly sessions: SessionUsers;

  constructor(
    private readonly prisma: PrismaService,
    private readonly streams: StreamHub,
    private readonly changes: ChangeClock,
  ) {
    this.sessions = new SessionUsers(() => changes.isListening);
    streams.onSessionsEnded((userId) => this.sessions.forgetUser(userId));
    changes.onDataChanged(() => this.sessions.forgetAll());
  }

  /**
   * The user of a session token, checked on every request in one round trip: the account exists
   * and is enabled, its sign-ins were not revoked since the token was issued (`session_epoch`:
   * password reset, disable, role change), and the sign-in (`sid`) was not ended by logout (see
   * SessionRevocations). A positive answer is reused for a few seconds (SessionUsers).
   */
  /** Forgets the user's checked sessions on this instance at once (logout, before its streams end). */
  forgetSessions(userId: number): void {
    this.sessions.forgetUser(userId);
  }

  async findActiveSessionUser(
    id: number,
    sessionId: string | null,
    sessionEpoch: number,
  ): Promise<CurrentUserDto | null> {
    if (!Number.isSafeInteger(id) || !Number.isSafeInteger(sessionEpoch)) return null;
    return this.sessions.get(id, sessionId, sessionEpoch, async () => {
      const [user] = await this.prisma.$queryRaw<CurrentUserDto[]>`
        SELECT id, username, display_name AS "displayName", role::text AS role, language FROM users
        WHERE id = ${id} AND disabled_at IS NULL AND session_epoch = ${sessionEpoch}
          AND NOT EXISTS (SELECT 1 FROM revoked_sessions WHERE session_id = ${sessionId})`;
      return user ?? null;
    });
  }

  /**
   * Returns the user (and the epoch its new token belongs to) when the password matches an enabled
   * account; takes as long either way.
   */
  async verifyCredentials(
    username: string,
    password: string,
  ): Promise<{ user: CurrentUserDto; sessionEpoch: number } | null> {
    const user = await this.prisma.user.findUnique({ where: { username: username.trim().toLowerCase() } });
    // Accounts created by single sign-on have no password: they fail like an unknown name.
    if (!user?.passwordHash) {
      dummyHash ??= hash('not-a-real-password');
      await verify(await dummyHash, password).catch(() => false);
      return null;
    }
    const isValid = await verify(user.passwordHash, password).catch(() => false);
    return isValid && !user.disabledAt ? { user: toCurrentUser(user), sessionEpoch: user.sessionEpoch } : null;
  }

  /** Stores the user's own language choice (null: follow the browser again). */
  async setLanguage(id: number, language: Language | null): Promise<CurrentUserDto> {
    const user = await this.prisma.user.update({ where: { id }, data: { language } });
    await this.changes.announceDataChanged(); // the session check returns the language
    return toCurrentUser(user);
  }

  async list(): Promise<UserDto[]> {
    const users = await this.prisma.user.findMany({ orderBy: { username: 'asc' } });
    return users.map(toUserDto);
  }

  async create(req: CreateUserRequest): Promise<UserDto> {
    const username = req.username.trim().toLowerCase();
    if (await this.prisma.user.findUnique({ where: { username } })) {
      throw new ApiException('USERNAME_TAKEN', { username }, `A user named "${username}" already exists`);
    }
    const user = await this.prisma.user.create({
      data: { username, displayName: req.displayName.trim(), role: req.role, passwordHash: await hash(req.password) },
    });
    return toUserDto(user);
  }

  async update(id: number, req: UpdateUserRequest, actingUserId: number): Promise<UserDto> {
    const existing = await this.prisma.user.findUnique({ where: { id } });
    if (!existing) {
      throw new ApiException('NOT_FOUND', { records: [{ entityType: 'User', id }] }, `User ${id} does not exist`);
    }
    if (id === actingUserId && (req.disabled === true || (req.role && req.role !== existing.role))) {
      throw new ApiException('OWN_ACCOUNT', {}, 'You cannot disable yourself or change your own role');
    }
    // A new password, a disable/enable or another role ends every existing sign-in of the user.
    const endsSignIns =
      !!req.password ||
      (req.disabled !== undefined && req.disabled !== !!existing.disabledAt) ||
      (!!req.role && req.role !== existing.role);
    const user = await this.prisma.user.update({
      where: { id },
      data: {
        displayName: req.displayName?.trim(),
        role: req.role,
        disabledAt: req.disabled === undefined ? undefined : req.disabled ? (existing.disabledAt ?? new Date()) : null,
        passwordHash: req.password ? await hash(req.password) : undefined,
        sessionEpoch: endsSignIns ? { increment: 1 } : undefined,
      },
    });
    // Their existing tokens are refused from the next request; their open event streams end now.
    if (endsSignIns) await this.streams.endSessionStreams(id);
    // Lists name the user as creator or last editor (cached per instance until data changes).
    if (user.displayName !== existing.displayName) await this.changes.announceDataChanged();
    return toUserDto(user);
  }
}
