import { chinaDateTimeText } from '../workflows/rules/china-date';
import { notify, once, organizationMemberIds, staffIds } from './support';
import type { PrismaClient } from '../prisma/client';

const DAY_MS = 24 * 3600 * 1000;

/** How long a "day" of a reminder lead is: a real day, or PSP_REMINDER_DAY_MS in test sandboxes. */
function reminderDayMs(): number {
  const compressed = Number(process.env.PSP_REMINDER_DAY_MS ?? '');
  return Number.isFinite(compressed) && compressed > 0 ? compressed : DAY_MS;
}

/** The deadline as people read it (China time), for a reminder's text. */
function deadlineText(iso: string): { zh: string; en: string } {
  return chinaDateTimeText(iso) ?? { zh: iso, en: iso };
}

/** One reminder, once for all runs of a workflow: keyed by what it reminds of, not by the activity. */
const reminderKey = (...parts: (string | number)[]) => `reminder/${parts.join('/')}`;

/**
 * 截止提醒: the reminders a workflow sends on its own timers before a deadline. Each checks in
 * PostgreSQL, under the same transaction as its notifications, that the deadline is still ahead
 * and the step still undone: a reminder never arrives after the deadline or for a finished step.
 * Each is audited (by the SYSTEM), with how many people it reached.
 */
export function createReminderActivities({ prisma }: { prisma: PrismaClient }) {
  /** Still worth a reminder: the deadline has not passed. */
  const ahead = (deadline: string) => Date.now() < Date.parse(deadline);

  return {
    /** The round's reminder leads, longest first, in milliseconds. */
    async loadReminderPlan({ roundId }: { roundId: string }): Promise<{ leadsMs: number[] }> {
      const round = await prisma.round.findUniqueOrThrow({ where: { id: roundId }, select: { reminderLeadDays: true } });
      const day = reminderDayMs();
      const leads = [...new Set(round.reminderLeadDays.filter((d) => Number.isInteger(d) && d > 0))].sort((a, b) => b - a);
      return { leadsMs: leads.map((d) => d * day) };
    },

    /** Before the application window closes: every member of an organization with an unsubmitted draft in the round. */
    remindDrafts: (i: { roundId: string; closesAt: string; leadMs: number }) =>
      once(prisma, async (tx) => {
        const round = await tx.round.findUniqueOrThrow({ where: { id: i.roundId } });
        const drafts =
          round.status === 'OPEN' && ahead(i.closesAt)
            ? await tx.application.findMany({
                where: { roundId: i.roundId, stage: 'DRAFT' },
                select: { id: true, organizationId: true, title: true },
              })
            : [];
        const when = deadlineText(i.closesAt);
        let reached = 0;
        for (const d of drafts) {
          const people = await organizationMemberIds(tx, d.organizationId);
          reached += people.length;
          await notify(
            tx,
            people,
            {
              kind: 'round.closingSoon',
              applicationId: d.id,
              title: `申报即将截止：${round.name} / Applications close soon`,
              body: [
                `申报书“${d.title}”尚未提交，申报将于 ${when.zh} 截止。`,
                `Your draft has not been submitted; applications close on ${when.en} (China time).`,
              ].join(' / '),
            },
            reminderKey(d.id, 'window', i.closesAt, i.leadMs),
          );
        }
        return remembered('Round', i.roundId, 'round.closingReminded', { drafts: drafts.length, reached, leadMs: i.leadMs });
      }),

    /** Before a revision deadline (补正期限): the organization of an application still returned for revision. */
    remindRevision: (i: { applicationId: string; deadline: string; leadMs: number }) =>
      once(prisma, async (tx) => {
        const app = await tx.application.findUniqueOrThrow({ where: { id: i.applicationId } });
        const due = app.stage === 'RETURNED' && ahead(i.deadline);
        const people = due ? await organizationMemberIds(tx, app.organizationId) : [];
        const when = deadlineText(i.deadline);
        await notify(
          tx,
          people,
          {
            kind: 'application.revisionDueSoon',
            applicationId: app.id,
            title: `补正期限将至：${app.title} / Revision due soon`,
            body: [
              `请于 ${when.zh} 前补正并重新提交，逾期视为撤回。`,
              `Revise and resubmit by ${when.en} (China time); after that the application is withdrawn.`,
            ].join(' / '),
          },
          reminderKey(app.id, 'revision', i.deadline, i.leadMs),
        );
        return remembered('Application', app.id, 'application.revisionReminded', { reached: people.length, leadMs: i.leadMs });
      }),

    /** Before the notice period ends with objections still open: the reviewers of the round's region. */
    remindOpenObjections: (i: { roundId: string; noticeEndsAt: string; leadMs: number }) =>
      once(prisma, async (tx) => {
        const round = await tx.round.findUniqueOrThrow({ where: { id: i.roundId } });
        const open =
          round.status === 'NOTICE' && ahead(i.noticeEndsAt)
            ? await tx.objection.count({ where: { roundId: i.roundId, status: 'FILED' } })
            : 0;
        const people = open > 0 ? await staffIds(tx, 'REVIEWER', round.regionCode) : [];
        const when = deadlineText(i.noticeEndsAt);
        await notify(
          tx,
          people,
          {
            kind: 'notice.objectionsOpen',
            title: `公示期将满，尚有异议待处理：${round.name} / Objections still open`,
            body: [
              `公示期于 ${when.zh} 届满，尚有 ${open} 件异议待处理。`,
              `The notice period ends on ${when.en} (China time) with ${open} objection(s) still open.`,
            ].join(' / '),
          },
          reminderKey(round.id, 'notice', i.noticeEndsAt, i.leadMs),
        );
        return remembered('Round', round.id, 'round.objectionsReminded', {
          openObjections: open,
          reached: people.length,
          leadMs: i.leadMs,
        });
      }),

    /** Before a rectification deadline (整改期限): the organization of a project still in rectification. */
    remindRectification: (i: { applicationId: string; deadline: string; leadMs: number }) =>
      once(prisma, async (tx) => {
        const app = await tx.application.findUniqueOrThrow({ where: { id: i.applicationId } });
        const due = app.stage === 'RECTIFICATION' && ahead(i.deadline);
        const people = due ? await organizationMemberIds(tx, app.organizationId) : [];
        const when = deadlineText(i.deadline);
        await notify(
          tx,
          people,
          {
            kind: 'project.rectificationDueSoon',
            applicationId: app.id,
            title: `整改期限将至：${app.title} / Rectification due soon`,
            body: `整改期限为 ${when.zh}，届时将进行复评。/ The rectification deadline is ${when.en} (China time); the project is evaluated again then.`,
          },
          reminderKey(app.id, 'rectification', i.deadline, i.leadMs),
        );
        return remembered('Application', app.id, 'project.rectificationReminded', { reached: people.length, leadMs: i.leadMs });
      }),
  };
}

/** The audit entry of a reminder's timer having fired, with what it did; the result is the number of people reached. */
function remembered(
  entityType: string,
  entityId: string,
  action: string,
  data: { reached: number; leadMs: number } & Record<string, number>,
) {
  return { result: { reached: data.reached }, audit: { entityType, entityId, action, actorRole: 'SYSTEM', data } };
}

export type ReminderActivities = ReturnType<typeof createReminderActivities>;
