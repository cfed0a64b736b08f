import { Controller, Get, Header, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Public, Roles } from '../common/auth/roles.decorator';
import { NotFoundError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import { ApplicationAccess } from './application-access';
import { inStaffRegion } from '../common/access';

const meta = { id: true, kind: true, version: true, title: true, sha256: true, createdAt: true, applicationId: true, roundId: true } as const;

@ApiTags('documents 文书')
@Controller()
export class DocumentsController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ApplicationAccess,
  ) {}

  /** 申报相关文书列表（回执、通知、协议…） */
  @ApiBearerAuth()
  @Roles('APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'FINANCE')
  @Get('applications/:id/documents')
  async list(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    await this.access.require(user, id);
    const docs = await this.prisma.document.findMany({ where: { applicationId: id }, select: { ...meta, signatures: true }, orderBy: [{ createdAt: 'asc' }] });
    return docs;
  }

  /** 下载文书（HTML，可打印），仅限有权查看的人 */
  @ApiBearerAuth()
  @Roles('APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'FINANCE')
  @Get('documents/:id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async download(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<string> {
    const doc = await this.prisma.document.findUnique({ where: { id } });
    if (!doc) throw new NotFoundError('Document', id);
    if (doc.applicationId) {
      await this.access.require(user, doc.applicationId).catch(() => {
        throw new NotFoundError('Document', id);
      });
    } else {
      const round = doc.roundId ? await this.prisma.round.findUnique({ where: { id: doc.roundId } }) : null;
      if (!round || user.role === 'APPLICANT' || !inStaffRegion(user, round.regionCode)) throw new NotFoundError('Document', id);
    }
    return doc.html;
  }

  /** 公示公告原文（公开） */
  @Public()
  @Get('public/documents/:id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async publicDocument(@Param('id', new ParseUUIDPipe()) id: string): Promise<string> {
    const doc = await this.prisma.document.findFirst({ where: { id, kind: 'PUBLIC_NOTICE' } });
    if (!doc) throw new NotFoundError('Document', id);
    return doc.html;
  }
}
