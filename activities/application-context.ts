import { nameOnRecord } from '../workflows/rules/name-on-record';
import type { Tx } from './support';

/**
 * An application with its organization and round: what the documents and the automatic checks
 * read. The organization carries the name on record (the one of the submission, once submitted).
 */
export async function applicationContext(tx: Tx, applicationId: string) {
  const application = await tx.application.findUniqueOrThrow({ where: { id: applicationId } });
  const [organization, round, attachments] = await Promise.all([
    tx.organization.findUniqueOrThrow({ where: { id: application.organizationId } }),
    tx.round.findUniqueOrThrow({ where: { id: application.roundId } }),
    tx.attachment.findMany({ where: { applicationId }, select: { kind: true } }),
  ]);
  return {
    application,
    organization: { ...organization, name: nameOnRecord(application, organization.name) },
    round,
    attachmentKinds: attachments.map((a) => a.kind),
  };
}

export type ApplicationContext = Awaited<ReturnType<typeof applicationContext>>;
