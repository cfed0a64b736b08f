import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { OUTBOX_CHANNEL } from '../../prisma/outbox';
import { auth, makeOrganization, makeUser, roundPayload, TestUser } from '../support/factories';
import { pdfFile } from '../support/files';
import { eventually } from '../support/wait';
import { fundProjects } from './funding';
import type { TestPlatform } from '../support/app';

export const ROLES = ['APPLICANT', 'REVIEWER', 'EXPERT', 'FINANCE', 'EVALUATOR', 'PROGRAM_MANAGER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The world the authorization matrix runs in. Every route finds a real resource for each of its
 * path parameters, owned by the "own" caller of each role; the "foreign" caller of the same role
 * owns nothing of it (another organization's applicant, staff of another region, an expert and
 * an evaluator not assigned to it). The project is terminated before the matrix runs, so that a
 * decision that passes every check still changes nothing: its workflow has ended and answers 409.
 */
export interface MatrixWorld {
  own: Record<Role, TestUser>;
  foreign: Partial<Record<Role, TestUser>>;
  project: string;
  roundId: string;
  openRoundId: string;
  draftRoundId: string;
  orgA: string;
  orgB: string;
  attachmentId: string;
  /** A file of the published round's call (申报指南附件). */
  roundFileId: string;
  changeId: string;
  /** A dishonesty-list proposal on orgA by a reviewer who is none of the callers. */
  creditChangeId: string;
  /** A pending request for a new registered name of orgA, by its applicant. */
  factChangeId: string;
  objectionId: string;
  disputeId: string;
  /** A pending invitation to orgA by its owner (its token's hash is of no token anyone holds). */
  invitationId: string;
  documentId: string;
  publicDocumentId: string;
  /** A user nobody else needs: the membership route's target and the login route's account. */
  spare: TestUser;
  notifications: Record<string, string>;
  /** An outbox email given up after its attempts (the administrator's resend route). */
  failedMailId: string;
  lines: { type: string; amount: string }[];
  termEndsAt: string;
}

export async function buildMatrixWorld(p: TestPlatform): Promise<MatrixWorld> {
  const f = await fundProjects(p, 1);
  const project = f.projectIds[0];
  await p.http.post(`/api/projects/${project}/evaluator`).set(auth(f.manager)).send({ evaluatorId: f.evaluator.id }).expect(200);
  const pdf = pdfFile('sign-in sheet');
  const attachment = await p.http
    .post(`/api/applications/${project}/attachments`)
    .set(auth(f.applicants[0]))
    .field('kind', 'REPORT_EVIDENCE')
    .attach('file', pdf, { filename: '签到表.pdf', contentType: 'application/pdf' })
    .expect(201);
  const app = await p.prisma.application.findUniqueOrThrow({ where: { id: project } });
  const newEndsAt = new Date(app.termEndsAt!.getTime() + 30 * 86400000).toISOString();
  const change = await p.http
    .post(`/api/projects/${project}/changes`)
    .set(auth(f.applicants[0]))
    .send({ kind: 'EXTENSION', newEndsAt, reason: '疫情影响延期' })
    .expect(200);
  const objection = await p.prisma.objection.create({
    data: { roundId: f.roundId, applicationId: project, name: '李四', contact: '13800000000', reason: '申报材料与实际情况不符，请核查。' },
  });
  await p.http.post(`/api/projects/${project}/terminate`).set(auth(f.manager)).send({ reason: '授权矩阵测试：终止以免误改' }).expect(200);

  // A round open for an hour, so that creating an application reaches the ownership check.
  const now = Date.now();
  const open = await p.http
    .post('/api/rounds')
    .set(auth(f.manager))
    .send(roundPayload({ opensAt: new Date(now + 500).toISOString(), closesAt: new Date(now + 3600000).toISOString() }))
    .expect(201);
  await p.http.post(`/api/rounds/${open.body.id}/publish`).set(auth(f.manager)).expect(200);
  await eventually(
    async () => ((await p.prisma.round.findUniqueOrThrow({ where: { id: open.body.id } })).status === 'OPEN' ? true : undefined),
    { label: 'round OPEN' },
  );

  // A draft whose window will have passed by the time the matrix runs.
  const draft = await p.http
    .post('/api/rounds')
    .set(auth(f.manager))
    .send(roundPayload({ opensAt: new Date(now + 200).toISOString(), closesAt: new Date(now + 400).toISOString() }))
    .expect(201);

  // Fresh staff in the project's region, so that no rule about one person deciding twice applies.
  const own: Record<Role, TestUser> = {
    APPLICANT: f.applicants[0],
    EXPERT: f.expert,
    EVALUATOR: f.evaluator,
    REVIEWER: await makeUser(p, 'REVIEWER'),
    FINANCE: await makeUser(p, 'FINANCE'),
    PROGRAM_MANAGER: await makeUser(p, 'PROGRAM_MANAGER'),
    ADMIN: await makeUser(p, 'ADMIN'),
  };
  const foreign: Partial<Record<Role, TestUser>> = {
    APPLICANT: await makeUser(p, 'APPLICANT'),
    EXPERT: await makeUser(p, 'EXPERT'),
    EVALUATOR: await makeUser(p, 'EVALUATOR'),
    REVIEWER: await makeUser(p, 'REVIEWER', { regionCode: '110000' }),
    FINANCE: await makeUser(p, 'FINANCE', { regionCode: '110000' }),
    PROGRAM_MANAGER: await makeUser(p, 'PROGRAM_MANAGER', { regionCode: '110000' }),
  };
  const orgB = (await makeOrganization(p.prisma, foreign.APPLICANT!.id)).id;
  const proposer = await makeUser(p, 'REVIEWER');
  const creditChange = await p.http
    .post(`/api/organizations/${f.orgIds[0]}/credit-changes`)
    .set(auth(proposer))
    .send({ creditStatus: 'DISHONEST', dishonestUntil: '2099-01-01', reason: '授权矩阵测试：待复核的提议' })
    .expect(201);
  const factChange = await p.http
    .post(`/api/organizations/${f.orgIds[0]}/fact-changes`)
    .set(auth(f.applicants[0]))
    .field('name', '授权矩阵测试更名后的服务中心')
    .field('reason', '登记机关已核准更名')
    .attach('file', pdf, { filename: '核准变更通知书.pdf', contentType: 'application/pdf' })
    .expect(201);
  const notifications: Record<string, string> = {};
  for (const u of Object.values(own)) {
    notifications[u.id] = (
      await p.prisma.notification.create({
        data: { userId: u.id, kind: 'matrix.test', title: '授权矩阵', body: '测试通知', idempotencyKey: `matrix/${u.id}` },
      })
    ).id;
  }
  const holder = await p.prisma.organization.findUniqueOrThrow({ where: { id: f.orgIds[0] } });
  const disputeId = (
    await p.prisma.organizationDispute.create({
      data: {
        organizationId: holder.id,
        creditCode: holder.creditCode,
        claimantId: foreign.APPLICANT!.id,
        claimedName: '矩阵争议方',
        claimantEvidenceRef: 'ATT-争议',
      },
    })
  ).id;
  const invitationId = (
    await p.prisma.organizationInvitation.create({
      data: {
        organizationId: holder.id,
        email: 'matrix-invitee@example.org',
        role: 'STAFF',
        tokenHash: randomBytes(32).toString('hex'),
        invitedById: own.APPLICANT.id,
        expiresAt: new Date(Date.now() + 7 * 24 * 3600_000),
      },
    })
  ).id;
  const guidelines = pdfFile('申报指南');
  const roundFileId = (
    await p.prisma.roundFile.create({
      data: {
        roundId: f.roundId,
        kind: 'GUIDELINES',
        filename: '申报指南.pdf',
        mimeType: 'application/pdf',
        size: guidelines.length,
        sha256: createHash('sha256').update(guidelines).digest('hex'),
        content: new Uint8Array(guidelines),
        uploadedById: own.PROGRAM_MANAGER.id,
      },
    })
  ).id;
  const documentId = (await p.prisma.document.findFirstOrThrow({ where: { applicationId: project, kind: 'AGREEMENT' } })).id;
  const publicDocumentId = (await p.prisma.document.findFirstOrThrow({ where: { roundId: f.roundId, kind: 'PUBLIC_NOTICE' } })).id;
  const failedMailId = (
    await p.prisma.outboxMessage.create({
      data: {
        channel: OUTBOX_CHANNEL.EMAIL,
        recipient: 'matrix-failed@example.invalid',
        kind: 'notification.general',
        subject: '矩阵测试邮件',
        body: '矩阵测试',
        entityType: 'Notification',
        entityId: randomUUID(),
        attempts: 10,
        lastError: '550 mailbox unavailable',
        failedAt: new Date(),
      },
    })
  ).id;
  return {
    own,
    foreign,
    project,
    roundId: f.roundId,
    openRoundId: open.body.id,
    draftRoundId: draft.body.id,
    orgA: f.orgIds[0],
    orgB,
    attachmentId: attachment.body.id,
    roundFileId,
    changeId: change.body.changeId,
    creditChangeId: creditChange.body.id,
    factChangeId: factChange.body.id,
    objectionId: objection.id,
    disputeId,
    invitationId,
    documentId,
    publicDocumentId,
    spare: await makeUser(p, 'APPLICANT'),
    notifications,
    failedMailId,
    lines: app.budgetLines as MatrixWorld['lines'],
    termEndsAt: newEndsAt,
  };
}

/**
 * The real resource behind each path parameter; a parameter nobody has taught this function
 * fails the test, so a new kind of route gets a fixture before it gets a pass.
 */
export function resolvePath(path: string, w: MatrixWorld, owner: TestUser | undefined, id?: string): string {
  return path.replace(/:(\w+)/g, (_, name: string, offset: number) => {
    const before = path.slice(0, offset);
    if (name === 'id' && id) return id;
    if (name === 'seq') return '1';
    if (name === 'date') return '2099-12-31';
    if (name === 'attachmentId') return w.attachmentId;
    if (name === 'fileId') return w.roundFileId;
    if (name === 'changeId' && before.includes('/credit-changes/')) return w.creditChangeId;
    if (name === 'changeId' && before.includes('/fact-changes/')) return w.factChangeId;
    if (name === 'changeId') return w.changeId;
    if (name === 'applicationId') return w.project;
    if (name === 'roundId') return w.roundId;
    if (name === 'organizationId') return w.orgA;
    if (name === 'invitationId') return w.invitationId;
    // A member of the organization: the own applicant (its owner).
    if (name === 'userId') return w.own.APPLICANT.id;
    if (name !== 'id') throw new Error(`no fixture for :${name} in ${path}`);
    if (/\/(applications|projects|public\/projects)\/$/.test(before)) return w.project;
    if (/\/organizations\/$/.test(before)) return w.orgA;
    if (/\/rounds\/$/.test(before)) return w.roundId;
    if (/\/public\/documents\/$/.test(before)) return w.publicDocumentId;
    if (/\/documents\/$/.test(before)) return w.documentId;
    if (/\/objections\/$/.test(before)) return w.objectionId;
    if (/\/organization-disputes\/$/.test(before)) return w.disputeId;
    if (/\/users\/$/.test(before)) return w.spare.id;
    // A notification belongs to one person: the own caller's, which the foreign caller may not touch.
    if (/\/mail\/$/.test(before)) return w.failedMailId;
    if (/\/notifications\/$/.test(before)) return w.notifications[owner?.id ?? ''] ?? w.notifications[w.own.APPLICANT.id];
    throw new Error(`no fixture for :id in ${path}`);
  });
}
