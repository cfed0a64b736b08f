import { Injectable } from '@nestjs/common';
import { mailLanguage } from '@workflows/rules';
import { audit } from '../common/audit';
import { PrismaService } from '../common/prisma.service';
import { mapMailSettings, MailSettingsDto, MailSettingsView } from './mail-settings.dto';
import type { AuthUser } from '../common/auth/auth-user';

/**
 * 通知设置: each person's own choice of the language of their email and of the topics whose email
 * they turned off. notify() reads both when it writes a notification's email; the inbox always
 * has the notification. A change is audited with what it was before.
 */
@Injectable()
export class MailSettingsService {
  constructor(private readonly prisma: PrismaService) {}

  async get(user: AuthUser): Promise<MailSettingsView> {
    const [person, off] = await Promise.all([
      this.prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { language: true } }),
      this.prisma.notificationMailOptOut.findMany({ where: { userId: user.id }, select: { topic: true } }),
    ]);
    return mapMailSettings(mailLanguage(person.language), new Set(off.map((o) => o.topic)));
  }

  async update(user: AuthUser, dto: MailSettingsDto): Promise<MailSettingsView> {
    await this.prisma.$transaction(async (tx) => {
      const before = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { language: true } });
      const beforeOff = (await tx.notificationMailOptOut.findMany({ where: { userId: user.id }, select: { topic: true } })).map(
        (o) => o.topic,
      );
      await tx.user.update({ where: { id: user.id }, data: { language: dto.language } });
      await tx.notificationMailOptOut.deleteMany({ where: { userId: user.id } });
      await tx.notificationMailOptOut.createMany({ data: dto.emailOff.map((topic) => ({ userId: user.id, topic })) });
      await audit(tx, user, {
        entityType: 'User',
        entityId: user.id,
        action: 'notification.mailSettings',
        reason: '本人修改通知设置 / own notification settings',
        data: {
          before: { language: before.language, emailOff: beforeOff.sort() },
          after: { language: dto.language, emailOff: [...dto.emailOff].sort() },
        },
      });
    });
    return this.get(user);
  }
}
