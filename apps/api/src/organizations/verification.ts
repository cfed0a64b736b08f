import { audit } from '../common/audit';
import { StaleVersionError, ValidationFailedError } from '../common/errors';
import type { AuthUser } from '../common/auth/auth-user';
import type { VerifyOrganizationDto } from './organization-facts.dto';
import type { Organization, Prisma } from '@generated/prisma/client';

const date = (d: string) => new Date(`${d.slice(0, 10)}T00:00:00Z`);

/**
 * Writes one verification inside the caller's transaction: the record (who, when, which facts,
 * which evidence, verdict, reason), the organization's facts as read from the certificate, and the
 * audit row. Test factories call this too, so a "verified" organization is verified the one way.
 */
export async function recordVerification(tx: Prisma.TransactionClient, reviewer: AuthUser, org: Organization, dto: VerifyOrganizationDto) {
  if (dto.result === 'VERIFIED' && dto.creditCode !== org.creditCode) {
    const message =
      'creditCode: 证书上的信用代码与登记的不一致，请以“核验未通过”记录 / the certificate shows another credit code; record the verification as failed';
    throw new ValidationFailedError([{ field: 'creditCode', rule: 'matchesRegistration', message }]);
  }
  const facts =
    dto.result === 'VERIFIED'
      ? {
          creditCode: dto.creditCode,
          name: dto.name,
          legalRepresentative: dto.legalRepresentative,
          registeredAt: dto.registeredAt.slice(0, 10),
          registrationAuthority: dto.registrationAuthority,
          regionCode: dto.regionCode,
          rating: dto.rating ?? null,
          ratingValidUntil: dto.rating ? dto.ratingValidUntil!.slice(0, 10) : null,
          annualInspection: dto.annualInspection,
        }
      : {};
  const data: Prisma.OrganizationUpdateManyMutationInput =
    dto.result === 'VERIFIED'
      ? {
          ...facts,
          registeredAt: date(facts.registeredAt!),
          ratingValidUntil: facts.ratingValidUntil ? date(facts.ratingValidUntil) : null,
          factsStatus: 'VERIFIED',
        }
      : { factsStatus: 'REJECTED' };
  const r = await tx.organization.updateMany({ where: { id: org.id, version: dto.version }, data: { ...data, version: { increment: 1 } } });
  if (r.count === 0) throw new StaleVersionError('Organization', dto.version, org.version);
  const record = await tx.organizationVerification.create({
    data: { organizationId: org.id, reviewerId: reviewer.id, result: dto.result, reason: dto.reason, evidenceRef: dto.evidenceRef, facts },
  });
  await audit(tx, reviewer, {
    entityType: 'Organization',
    entityId: org.id,
    action: dto.result === 'VERIFIED' ? 'organization.factsVerified' : 'organization.factsRejected',
    fromState: org.factsStatus,
    toState: dto.result,
    reason: dto.reason,
    data: { verificationId: record.id, evidenceRef: dto.evidenceRef, facts },
  });
  return record;
}
