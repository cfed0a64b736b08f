import { OUTBOX_CHANNEL } from '@db/outbox';
import type { Prisma } from '@generated/prisma/client';

/** The OutboxMessage kinds written here; the mail delivery sends them like any other row. */
export const MAIL_KINDS = {
  verification: 'account.emailVerification',
  emailInUse: 'account.emailInUse',
  passwordReset: 'account.passwordReset',
  invitation: 'organization.invitation',
} as const;

/** Where links in mail point: the portal as its users reach it. */
export function publicUrl(): string {
  return (process.env.PSP_PUBLIC_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
}

interface Mail {
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  entityType: string;
  entityId: string;
}

function write(tx: Prisma.TransactionClient, mail: Mail) {
  return tx.outboxMessage.create({ data: { channel: OUTBOX_CHANNEL.EMAIL, ...mail } });
}

export function verificationMail(tx: Prisma.TransactionClient, to: string, userId: string, username: string, token: string) {
  const link = `${publicUrl()}/register/verify?token=${token}`;
  return write(tx, {
    kind: MAIL_KINDS.verification,
    recipient: to,
    subject: '请验证您的电子邮箱 / Verify your email address',
    body: [
      `您好！您在公益创投与政府购买服务平台注册了账号“${username}”。请在 24 小时内打开以下链接完成验证：`,
      link,
      `或在验证页面输入验证码：${token}`,
      '如果不是您本人注册，请忽略本邮件。',
      '',
      `You registered the account "${username}". Open the link above within 24 hours, or enter the code ${token} on the verification page.`,
    ].join('\n'),
    entityType: 'User',
    entityId: userId,
  });
}

/** Someone registered with an address that has an account: the owner is told, the registrant learns nothing. */
export function emailInUseMail(tx: Prisma.TransactionClient, to: string, userId: string) {
  return write(tx, {
    kind: MAIL_KINDS.emailInUse,
    recipient: to,
    subject: '有人尝试用您的邮箱注册 / Someone tried to register with your address',
    body: [
      '有人尝试用本邮箱在公益创投与政府购买服务平台注册新账号，但本邮箱已有账号。',
      `如果是您本人，请直接登录；忘记密码可在此重设：${publicUrl()}/password/forgot`,
      '如果不是您本人，请忽略本邮件。',
      '',
      'This address already has an account. Sign in, or reset a forgotten password at the link above.',
    ].join('\n'),
    entityType: 'User',
    entityId: userId,
  });
}

export function passwordResetMail(tx: Prisma.TransactionClient, to: string, userId: string, username: string, token: string) {
  const link = `${publicUrl()}/password/reset?token=${token}`;
  return write(tx, {
    kind: MAIL_KINDS.passwordReset,
    recipient: to,
    subject: '重设密码 / Reset your password',
    body: [
      `有人为账号“${username}”申请了重设密码。请在 30 分钟内打开以下链接设置新密码：`,
      link,
      `或在重设页面输入重设码：${token}`,
      '如果不是您本人申请，请忽略本邮件，密码不会改变。',
      '',
      `A password reset was asked for the account "${username}". Open the link within 30 minutes, or enter the code ${token}.`,
    ].join('\n'),
    entityType: 'User',
    entityId: userId,
  });
}

export function invitationMail(
  tx: Prisma.TransactionClient,
  to: string,
  invitationId: string,
  org: { name: string },
  inviter: string,
  roleLabel: string,
  token: string,
) {
  const link = `${publicUrl()}/join?token=${token}`;
  return write(tx, {
    kind: MAIL_KINDS.invitation,
    recipient: to,
    subject: `邀请您加入“${org.name}” / Invitation to join ${org.name}`,
    body: [
      `${inviter} 邀请您以“${roleLabel}”身份加入“${org.name}”，在公益创投与政府购买服务平台为其办理申报。`,
      `请在 7 天内打开以下链接，登录已有账号或注册新账号后接受邀请：`,
      link,
      '',
      `${inviter} invites you to join ${org.name} as ${roleLabel}. Open the link within 7 days to accept.`,
    ].join('\n'),
    entityType: 'OrganizationInvitation',
    entityId: invitationId,
  });
}
