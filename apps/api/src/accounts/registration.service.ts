import { Injectable } from '@nestjs/common';
import { Prisma } from '@generated/prisma/client';
import { passwordProblems } from '../auth/password-policy';
import { hashPassword } from '../auth/passwords';
import { FieldConflictError, ValidationFailedError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import { emailInUseMail, verificationMail } from './account-mail';
import { newToken, tokenError, tokenHash, tokenProblem, VERIFY_TTL_MS } from './account-tokens';
import { InvitationsService } from './invitations.service';
import type { RegisteredView, RegisterDto, TokenDto } from './accounts.dto';

const SENT = '验证邮件已发送，请在 24 小时内打开邮件中的链接完成验证 / a verification mail is on its way';
const USERNAME_TAKEN = 'username: 该用户名已被使用，请换一个 / this user name is taken';

/**
 * 自助注册: an applicant account, inactive until the address is proved with a one-time token.
 * A taken user name is said (the form must); a taken address is not: the registrant gets the same
 * answer and the address's owner a mail saying so.
 */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly invitations: InvitationsService,
  ) {}

  async register(dto: RegisterDto): Promise<RegisteredView> {
    const problems = passwordProblems(dto.password, dto.username, 'password');
    if (problems.length > 0) throw new ValidationFailedError(problems);
    if (await this.prisma.user.findUnique({ where: { username: dto.username }, select: { id: true } })) {
      throw new FieldConflictError([{ field: 'username', rule: 'taken', message: USERNAME_TAKEN }]);
    }
    if (dto.invitationToken) return this.registerInvited(dto, dto.invitationToken);
    const passwordHash = await hashPassword(dto.password);
    const holder = await this.prisma.user.findFirst({
      where: { email: { equals: dto.email, mode: 'insensitive' } },
      select: { id: true },
    });
    if (holder) {
      await this.prisma.$transaction(async (tx) => {
        await emailInUseMail(tx, dto.email, holder.id);
        await tx.auditEntry.create({
          data: {
            entityType: 'User',
            entityId: holder.id,
            action: 'user.registrationWithTakenEmail',
            data: { attemptedUsername: dto.username },
          },
        });
      });
      return { status: 'PENDING_VERIFICATION', message: SENT };
    }
    await this.unique(() =>
      this.prisma.$transaction(async (tx) => {
        const user = await tx.user.create({
          data: { username: dto.username, displayName: dto.displayName, email: dto.email, passwordHash, role: 'APPLICANT', active: false },
        });
        const { token, hash } = newToken();
        await tx.accountToken.create({
          data: { userId: user.id, purpose: 'VERIFY_EMAIL', tokenHash: hash, expiresAt: new Date(Date.now() + VERIFY_TTL_MS) },
        });
        await verificationMail(tx, dto.email, user.id, user.username, token);
        await tx.auditEntry.create({
          data: {
            entityType: 'User',
            entityId: user.id,
            action: 'user.registered',
            toState: 'UNVERIFIED',
            actorId: user.id,
            actorRole: 'APPLICANT',
            reason: '自助注册 / self-registration',
            data: { username: user.username, email: dto.email },
          },
        });
      }),
    );
    return { status: 'PENDING_VERIFICATION', message: SENT };
  }

  /** The address is proved once: the account becomes active. */
  async verify(dto: TokenDto): Promise<{ verified: true; username: string }> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.accountToken.findUnique({ where: { tokenHash: tokenHash(dto.token) }, include: { user: true } });
      const problem = tokenProblem(row?.purpose === 'VERIFY_EMAIL' ? row : null);
      if (problem || !row) throw tokenError(problem ?? 'invalid');
      // Used under the row's own condition, so two clicks at once verify once.
      const used = await tx.accountToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
      if (used.count === 0) throw tokenError('used');
      await tx.user.update({ where: { id: row.userId }, data: { active: true, emailVerifiedAt: new Date() } });
      await tx.auditEntry.create({
        data: {
          entityType: 'User',
          entityId: row.userId,
          action: 'user.emailVerified',
          fromState: 'UNVERIFIED',
          toState: 'ACTIVE',
          actorId: row.userId,
          actorRole: row.user.role,
          reason: '邮箱验证 / email verified',
          data: { email: row.user.email },
        },
      });
      return { verified: true as const, username: row.user.username };
    });
  }

  /** Through an invitation's link to the same address: the mail proved the address, so the account is active and a member at once. */
  private async registerInvited(dto: RegisterDto, token: string): Promise<RegisteredView> {
    const passwordHash = await hashPassword(dto.password);
    await this.unique(() =>
      this.prisma.$transaction(async (tx) => {
        const invitation = await this.invitations.requireOpen(tx, token, 'invitationToken');
        if (invitation.email.toLowerCase() !== dto.email) {
          throw new ValidationFailedError([
            {
              field: 'email',
              rule: 'invitedAddress',
              message: 'email: 请使用收到邀请的电子邮箱注册 / use the address the invitation was sent to',
            },
          ]);
        }
        const now = new Date();
        const user = await tx.user.create({
          data: {
            username: dto.username,
            displayName: dto.displayName,
            email: dto.email,
            passwordHash,
            role: 'APPLICANT',
            active: true,
            emailVerifiedAt: now,
          },
        });
        await tx.auditEntry.create({
          data: {
            entityType: 'User',
            entityId: user.id,
            action: 'user.registered',
            toState: 'ACTIVE',
            actorId: user.id,
            actorRole: 'APPLICANT',
            reason: '通过邀请注册 / registered through an invitation',
            data: { username: user.username, email: dto.email, invitationId: invitation.id },
          },
        });
        await this.invitations.acceptWithin(tx, invitation, { id: user.id, role: 'APPLICANT' });
      }),
    );
    return { status: 'ACTIVE', message: '注册成功，已加入邀请您的机构，请登录 / registered and joined the organization: sign in' };
  }

  /** Two registrations of one name at once: the database's unique index decides, answered as the check would. */
  private async unique<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
        throw new FieldConflictError([{ field: 'username', rule: 'taken', message: USERNAME_TAKEN }]);
      }
      throw e;
    }
  }
}
