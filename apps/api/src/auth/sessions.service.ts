import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { SESSION_TOKEN_TYPE } from '../common/auth/web-session';
import { PrismaService } from '../common/prisma.service';
import type { Prisma } from '@generated/prisma/client';

export type SessionChannel = 'API' | 'WEB';
export type SessionEndReason = 'logout' | 'deactivated' | 'passwordReset' | 'passwordChanged';

/**
 * Server-side sessions: each sign-in is a row in PostgreSQL and its token carries the row's id
 * (`sid`), so a token stops working the moment its row is ended — at logout, when an admin
 * deactivates the account or resets its password — although the signature would still verify.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly jwt: JwtService,
  ) {}

  /** Opens a session and returns its token (a bearer token for the API, the cookie's value for the portal). */
  async open(userId: string, channel: SessionChannel): Promise<string> {
    const sid = randomUUID();
    const token = await this.jwt.signAsync({ sub: userId, sid, ...(channel === 'WEB' && { typ: SESSION_TOKEN_TYPE }) });
    const { exp } = this.jwt.decode<{ exp: number }>(token);
    await this.prisma.session.create({ data: { id: sid, userId, channel, expiresAt: new Date(exp * 1000) } });
    return token;
  }

  async end(sid: string, reason: SessionEndReason): Promise<void> {
    await this.prisma.session.updateMany({ where: { id: sid, endedAt: null }, data: { endedAt: new Date(), endedReason: reason } });
  }

  /** Ends every open session of a user (all devices), except `keep` when given; inside the caller's transaction. */
  static endAll(tx: Prisma.TransactionClient, userId: string, reason: SessionEndReason, keep?: string) {
    return tx.session.updateMany({
      where: { userId, endedAt: null, ...(keep && { id: { not: keep } }) },
      data: { endedAt: new Date(), endedReason: reason },
    });
  }
}
