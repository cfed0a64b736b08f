import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Prisma } from '@generated/prisma/client';
import { ATTACHMENT_RULES } from '../applications/attachment-rules';
import { audit } from '../common/audit';
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationFailedError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import { FactChangeDecisionDto, FactChangeView, mapFactChange, RequestFactChangeDto } from './fact-changes.dto';
import { OrganizationsService } from './organizations.service';
import type { UploadedFileLike } from '../applications/attachments.service';
import type { AuthUser } from '../common/auth/auth-user';

const PENDING_TAKEN = '该组织已有一项待审核的登记事项变更申请 / a change of registered facts is already awaiting review';

/**
 * 登记事项变更: an organization's registered name changes only through a request with the
 * registration authority's evidence, approved by a reviewer whose region covers the organization.
 * Applications already submitted keep the name they were submitted under (rules/name-on-record.ts).
 */
@Injectable()
export class FactChangesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly organizations: OrganizationsService,
  ) {}

  async request(user: AuthUser, organizationId: string, dto: RequestFactChangeDto, file?: UploadedFileLike): Promise<FactChangeView> {
    const org = await this.organizations.requireVisible(user, organizationId);
    checkEvidence(file);
    if (dto.name === org.name) {
      throw new ValidationFailedError([
        { field: 'name', rule: 'unchanged', message: 'name: 新名称与现登记名称相同 / the name is unchanged' },
      ]);
    }
    if (await this.prisma.organizationFactChange.findFirst({ where: { organizationId, status: 'PENDING' }, select: { id: true } })) {
      throw new ConflictError(PENDING_TAKEN);
    }
    try {
      const change = await this.prisma.$transaction(async (tx) => {
        const created = await tx.organizationFactChange.create({
          data: {
            organizationId,
            name: dto.name,
            reason: dto.reason,
            evidenceFilename: file!.originalname,
            evidenceMimeType: file!.mimetype,
            evidenceSize: file!.size,
            evidenceSha256: createHash('sha256').update(file!.buffer).digest('hex'),
            evidence: new Uint8Array(file!.buffer),
            requestedById: user.id,
          },
        });
        await audit(tx, user, {
          entityType: 'Organization',
          entityId: organizationId,
          action: 'organization.factChangeRequested',
          reason: dto.reason,
          data: { changeId: created.id, before: { name: org.name }, after: { name: dto.name }, evidenceSha256: created.evidenceSha256 },
        });
        return created;
      });
      return mapFactChange(change);
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') throw new ConflictError(PENDING_TAKEN);
      throw e;
    }
  }

  async list(user: AuthUser, organizationId: string): Promise<FactChangeView[]> {
    await this.organizations.requireVisible(user, organizationId);
    const changes = await this.prisma.organizationFactChange.findMany({ where: { organizationId }, orderBy: { requestedAt: 'desc' } });
    return changes.map(mapFactChange);
  }

  async evidence(user: AuthUser, organizationId: string, changeId: string) {
    await this.organizations.requireVisible(user, organizationId);
    const change = await this.prisma.organizationFactChange.findFirst({ where: { id: changeId, organizationId } });
    if (!change) throw new NotFoundError('OrganizationFactChange', changeId);
    return { filename: change.evidenceFilename, mimeType: change.evidenceMimeType, content: Buffer.from(change.evidence) };
  }

  async decide(user: AuthUser, organizationId: string, changeId: string, dto: FactChangeDecisionDto): Promise<FactChangeView> {
    const org = await this.organizations.requireVisible(user, organizationId);
    const change = await this.prisma.organizationFactChange.findFirst({ where: { id: changeId, organizationId } });
    if (!change) throw new NotFoundError('OrganizationFactChange', changeId);
    if (change.requestedById === user.id)
      throw new ForbiddenError('申请人不能审核自己的申请 / the requester cannot decide their own request');
    const status = dto.decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
    const decided = await this.prisma.$transaction(async (tx) => {
      const r = await tx.organizationFactChange.updateMany({
        where: { id: changeId, status: 'PENDING' },
        data: { status, decidedById: user.id, decidedAt: new Date(), decisionReason: dto.reason },
      });
      if (r.count === 0) throw new InvalidTransitionError('该申请已审核 / the request has already been decided', change.status);
      if (status === 'APPROVED') {
        await tx.organization.update({ where: { id: organizationId }, data: { name: change.name, version: { increment: 1 } } });
      }
      await audit(tx, user, {
        entityType: 'Organization',
        entityId: organizationId,
        action: status === 'APPROVED' ? 'organization.factChangeApproved' : 'organization.factChangeRejected',
        reason: dto.reason,
        data: { changeId, before: { name: org.name }, after: { name: status === 'APPROVED' ? change.name : org.name } },
      });
      return tx.organizationFactChange.findUniqueOrThrow({ where: { id: changeId } });
    });
    return mapFactChange(decided);
  }
}

function checkEvidence(file?: UploadedFileLike): asserts file is UploadedFileLike {
  if (!file)
    throw new ValidationFailedError([
      { field: 'file', rule: 'required', message: 'file: 请上传登记机关的核准变更证明 / evidence required' },
    ]);
  if (file.size > ATTACHMENT_RULES.maxBytes)
    throw new ValidationFailedError([{ field: 'file', rule: 'maxSize', message: 'file: 单个附件不能超过10MB / at most 10 MB' }]);
  if (!ATTACHMENT_RULES.mimeTypes[file.mimetype]) {
    throw new ValidationFailedError([
      { field: 'file', rule: 'fileType', message: `file: 仅支持 ${Object.values(ATTACHMENT_RULES.mimeTypes).join('、')} 格式 / file type` },
    ]);
  }
}
