import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import { ApplicationAccess } from './application-access';
import { ApplicationsService } from './applications.service';
import type { AuthUser } from '../common/auth/auth-user';
import type { EligibilityPassesDto } from './applications.dto';
import type { EligibilityPassesView } from './eligibility-passes.dto';

/**
 * 批量通过资格审查: several applications passed at once, each only when every automatic check of
 * its latest submission passed. Each pass is the single pass itself (ApplicationsService's
 * decideEligibility: the workflow's update, its own audit entry); the others are refused by name.
 */
@Injectable()
export class EligibilityPassesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ApplicationAccess,
    private readonly applications: ApplicationsService,
  ) {}

  async passAll(user: AuthUser, dto: EligibilityPassesDto): Promise<EligibilityPassesView> {
    const apps = await this.prisma.application.findMany({
      where: { AND: [{ id: { in: dto.applicationIds } }, this.access.where(user)] },
      select: {
        id: true,
        title: true,
        submissionCount: true,
        eligibilityChecks: { select: { rule: true, passed: true, submissionNo: true } },
      },
    });
    const result: EligibilityPassesView = { passed: [], refused: [] };
    for (const id of dto.applicationIds) {
      const app = apps.find((a) => a.id === id);
      // Another region's or an unknown application: named as not found, whatever it is.
      if (!app) {
        result.refused.push({ id, title: null, reason: 'notFound', failedRules: [] });
        continue;
      }
      const latest = app.eligibilityChecks.filter((c) => c.submissionNo === app.submissionCount);
      const failed = latest.filter((c) => !c.passed).map((c) => c.rule);
      if (latest.length === 0 || failed.length > 0) {
        result.refused.push({ id, title: app.title, reason: latest.length === 0 ? 'checksMissing' : 'checksFailed', failedRules: failed });
        continue;
      }
      try {
        await this.applications.decideEligibility(user, id, { decision: 'PASS', reason: dto.reason });
        result.passed.push({ id, title: app.title });
      } catch (e) {
        // The workflow's refusal of this one (already decided, returned meanwhile) does not stop the rest.
        if (!(e instanceof DomainError) || e.status >= 500) throw e;
        result.refused.push({ id, title: app.title, reason: 'refused', failedRules: [], message: e.message });
      }
    }
    return result;
  }
}
