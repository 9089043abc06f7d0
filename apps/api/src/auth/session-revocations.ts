import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

/**
 * Sign-ins ended by logout. A session JWT stays cryptographically valid until it expires, so the
 * ids (`sid`) of signed-out sessions are kept until then and such a token is refused: a copy of
 * the cookie is worthless after logout, and the browser's other tabs cannot ask /me in the moment
 * between the logout and the cookie being cleared. Requests are checked against this table in
 * UsersService.findActiveSessionUser.
 */
@Injectable()
export class SessionRevocations {
  constructor(private readonly prisma: PrismaService) {}

  async revoke(sessionId: string, expiresAt: Date): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } }),
      this.prisma.revokedSession.upsert({
        where: { sessionId },
        create: { sessionId, expiresAt },
        update: {},
      }),
    ]);
  }
}
