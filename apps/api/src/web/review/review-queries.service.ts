import { Injectable } from '@nestjs/common';
import { IMPLEMENTING_STAGES, type RubricCriterion } from '@workflows/rules';
import { ApplicationAccess } from '../../applications/application-access';
import { NotFoundError } from '../../common/errors';
import { PrismaService } from '../../common/prisma.service';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Page } from '../../common/pagination';
import type { Prisma } from '@generated/prisma/client';

const money = (d: { toFixed(n: number): string } | null | undefined) => (d ? d.toFixed(2) : null);

type PageQ = { page: number; pageSize: number };
const slice = (q: PageQ) => ({ skip: (q.page - 1) * q.pageSize, take: q.pageSize });

/**
 * What the review pages list and read that the JSON API has no listing for yet — reports and
 * change requests waiting for a reviewer, agreements awaiting the bureau's signature, evaluations
 * due. Every query is scoped by ApplicationAccess.where, the rule the API's reads use (staff by
 * region, evaluators by assignment), so a foreign project is simply not there. Decisions still
 * go through the feature services.
 */
@Injectable()
export class ReviewQueries {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ApplicationAccess,
  ) {}

  private async page<T>(where: Prisma.ApplicationWhereInput, q: PageQ, map: (a: AppRow) => T): Promise<Page<T>> {
    const [items, total] = await this.prisma.$transaction([
      this.prisma.application.findMany({ where, include: APP_INCLUDE, orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }], ...slice(q) }),
      this.prisma.application.count({ where }),
    ]);
    return { items: items.map(map), total, page: q.page, pageSize: q.pageSize };
  }

  /** Organization names and the latest automatic check results of the listed applications. */
  async eligibilitySummaries(ids: string[]) {
    const [apps, checks] = await Promise.all([
      this.prisma.application.findMany({
        where: { id: { in: ids } },
        select: { id: true, submissionCount: true, organization: { select: { name: true } } },
      }),
      this.prisma.eligibilityCheck.findMany({ where: { applicationId: { in: ids } } }),
    ]);
    return new Map(
      apps.map((a) => {
        const latest = checks.filter((c) => c.applicationId === a.id && c.submissionNo === a.submissionCount);
        return [a.id, { organizationName: a.organization.name, checks: latest.length, failed: latest.filter((c) => !c.passed).length }];
      }),
    );
  }

  async submittedReports(user: AuthUser, q: PageQ) {
    const where: Prisma.ReportWhereInput = { status: 'SUBMITTED', application: this.access.where(user) };
    const [items, total] = await this.prisma.$transaction([
      this.prisma.report.findMany({
        where,
        include: { application: { select: { title: true, organization: { select: { name: true } } } } },
        orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
        ...slice(q),
      }),
      this.prisma.report.count({ where }),
    ]);
    return {
      items: items.map((r) => ({
        applicationId: r.applicationId,
        seq: r.seq,
        kind: r.kind,
        dueAt: r.dueAt.toISOString(),
        submittedAt: r.submittedAt?.toISOString() ?? null,
        title: r.application.title,
        organizationName: r.application.organization.name,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** One report with what the organization filed, and the evidence it refers to (names only). */
  async report(user: AuthUser, applicationId: string, seq: number) {
    await this.access.require(user, applicationId);
    const r = await this.prisma.report.findUnique({ where: { applicationId_seq: { applicationId, seq } } });
    if (!r) throw new NotFoundError('Report', `${applicationId}/${seq}`);
    const evidence = r.attachmentIds.length
      ? await this.prisma.attachment.findMany({
          where: { id: { in: r.attachmentIds }, applicationId },
          select: { id: true, kind: true, filename: true, size: true, sha256: true },
        })
      : [];
    return {
      seq: r.seq,
      kind: r.kind,
      status: r.status,
      dueAt: r.dueAt.toISOString(),
      submittedAt: r.submittedAt?.toISOString() ?? null,
      indicators: (r.indicators ?? []) as { name: string; unit: string; planned: number; achieved: number }[],
      spending: (r.spending ?? []) as { type: string; budgeted: string; spent: string }[],
      narrative: r.narrative ?? '',
      reviewNote: r.reviewNote,
      revisionDeadline: r.revisionDeadline?.toISOString() ?? null,
      evidence,
    };
  }

  async pendingChanges(user: AuthUser, q: PageQ) {
    const where: Prisma.ChangeRequestWhereInput = { status: 'PENDING', needsApproval: true, application: this.access.where(user) };
    const [items, total] = await this.prisma.$transaction([
      this.prisma.changeRequest.findMany({
        where,
        include: { application: { select: { title: true, organization: { select: { name: true } } } } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        ...slice(q),
      }),
      this.prisma.changeRequest.count({ where }),
    ]);
    return {
      items: items.map((c) => ({
        id: c.id,
        applicationId: c.applicationId,
        kind: c.kind,
        reason: c.reason,
        createdAt: c.createdAt.toISOString(),
        title: c.application.title,
        organizationName: c.application.organization.name,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** Approved projects whose agreement the bureau has not signed yet. */
  agreementsToSign(user: AuthUser, q: PageQ) {
    return this.page(
      {
        AND: [
          this.access.where(user),
          { stage: 'APPROVED', documents: { some: { kind: 'AGREEMENT', signatures: { none: { party: 'bureau' } } } } },
        ],
      },
      q,
      appRow,
    );
  }

  /** Projects whose final report is accepted and whose bureau-side evaluation (政府方评价) is still missing. */
  awaitingGovEvaluation(user: AuthUser, q: PageQ) {
    return this.page(
      { AND: [this.access.where(user), { stage: 'FINAL_EVALUATION', evaluations: { none: { kind: 'GOV_ON_ORG' } } }] },
      q,
      appRow,
    );
  }

  /** The evaluator's projects (Application.evaluatorId = me, through the same access rule). */
  evaluatorProjects(user: AuthUser, q: PageQ) {
    return this.page({ AND: [this.access.where(user), { stage: { in: [...IMPLEMENTING_STAGES] } }] }, q, appRow);
  }

  /** Projects of the reviewer's region by stage, for finding one outside the queues. */
  projects(user: AuthUser, q: PageQ, stage?: string) {
    return this.page(
      { AND: [this.access.where(user), stage ? { stage: stage as AppRow['stage'] } : { stage: { not: 'DRAFT' } }] },
      q,
      appRow,
    );
  }

  /**
   * Every version of the agreement, the current one first, with who signed which: an approved
   * change issues a new version, while the signatures stay on the version both parties signed.
   */
  async agreements(user: AuthUser, applicationId: string) {
    await this.access.require(user, applicationId);
    const docs = await this.prisma.document.findMany({
      where: { applicationId, kind: 'AGREEMENT' },
      orderBy: { version: 'desc' },
      include: { signatures: true },
    });
    return Promise.all(
      docs.map(async (doc) => ({
        id: doc.id,
        version: doc.version,
        sha256: doc.sha256,
        createdAt: doc.createdAt.toISOString(),
        signatures: await this.withNames(doc.signatures),
      })),
    );
  }

  /** The round (with its rubric) and the organization of an application the user may see. */
  async header(user: AuthUser, applicationId: string) {
    const app = await this.access.require(user, applicationId);
    const organization = await this.prisma.organization.findUniqueOrThrow({ where: { id: app.organizationId } });
    return {
      round: {
        id: app.round.id,
        name: app.round.name,
        status: app.round.status,
        rubric: app.round.rubric as unknown as RubricCriterion[],
        issuingBureau: app.round.issuingBureau,
      },
      organization: {
        id: organization.id,
        name: organization.name,
        creditCode: organization.creditCode,
        rating: organization.rating,
        creditStatus: organization.creditStatus,
      },
    };
  }

  /** What the reviewer's project page adds to the services' views: organization, round, documents, objections. */
  async projectContext(user: AuthUser, applicationId: string) {
    const { round, organization } = await this.header(user, applicationId);
    const [documents, objections] = await Promise.all([
      this.prisma.document.findMany({
        where: { applicationId },
        include: { signatures: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }),
      // Unconfirmed objections do not count; a flood is paged in the objections queue, not here.
      this.prisma.objection.findMany({
        where: { applicationId, status: { not: 'UNCONFIRMED' } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: 200,
      }),
    ]);
    return {
      round,
      organization,
      documents: documents.map((d) => ({
        id: d.id,
        kind: d.kind,
        version: d.version,
        createdAt: d.createdAt.toISOString(),
        signed: d.signatures.map((s) => s.party),
      })),
      objections: objections.map((o) => ({
        id: o.id,
        name: o.name,
        reason: o.reason,
        status: o.status,
        ruling: o.ruling,
        ruledAt: o.ruledAt?.toISOString() ?? null,
        createdAt: o.createdAt.toISOString(),
      })),
    };
  }

  /** The deadline of a running rectification, as the workflow recorded it when it opened the period. */
  async rectificationDeadline(applicationId: string): Promise<string | null> {
    const entry = await this.prisma.auditEntry.findFirst({
      where: { entityType: 'Application', entityId: applicationId, toState: 'RECTIFICATION' },
      orderBy: { id: 'desc' },
    });
    const deadline = (entry?.data as { rectificationDeadline?: unknown } | null)?.rectificationDeadline;
    return typeof deadline === 'string' ? deadline : null;
  }

  /** Display names of the people behind audit entries and signatures. */
  async names(ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((x): x is string => !!x))];
    const users = unique.length
      ? await this.prisma.user.findMany({ where: { id: { in: unique } }, select: { id: true, displayName: true } })
      : [];
    return new Map(users.map((u) => [u.id, u.displayName]));
  }

  /** Organizations an expert may declare a tie to: by name or unified social credit code, a few at a time. */
  async organizationsMatching(text: string, take = 10) {
    const orgs = await this.prisma.organization.findMany({
      where: { OR: [{ name: { contains: text, mode: 'insensitive' } }, { creditCode: text.toUpperCase() }] },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      take,
      select: { id: true, name: true, creditCode: true },
    });
    return orgs;
  }

  async organizationsByIds(ids: string[]) {
    if (ids.length === 0) return [];
    return this.prisma.organization.findMany({
      where: { id: { in: [...new Set(ids)] } },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      select: { id: true, name: true, creditCode: true },
    });
  }

  private async withNames(signatures: { party: string; userId: string; signedAt: Date }[]) {
    const names = await this.names(signatures.map((s) => s.userId));
    return signatures.map((s) => ({ party: s.party, name: names.get(s.userId) ?? '', signedAt: s.signedAt.toISOString() }));
  }
}

const APP_INCLUDE = { organization: { select: { name: true } }, round: { select: { name: true } } } as const;
type AppRow = Prisma.ApplicationGetPayload<{ include: typeof APP_INCLUDE }>;

function appRow(a: AppRow) {
  return {
    id: a.id,
    title: a.title,
    stage: a.stage,
    organizationName: a.organization.name,
    roundName: a.round.name,
    category: a.category,
    award: money(a.award),
    requestedAmount: money(a.requestedAmount),
    flagged: a.flagged,
    termEndsAt: a.termEndsAt?.toISOString() ?? null,
  };
}
