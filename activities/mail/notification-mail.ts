/**
 * The email of a notification (站内信): one Handlebars template per mail topic and language under
 * `templates/mail/`, each `<topic>.<language>.hbs` whose first line is the subject and the rest,
 * after one blank line, the plain-text body. A topic is a notification kind, or one template for a
 * family of kinds (every `project.<stage>` without its own, the stage's label in the data). A
 * person chooses per topic whether the email is sent (NotificationMailOptOut) and the language
 * of their mail (User.language); the inbox always has the notification.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { findTemplatesDir } from '../documents/renderer';
import { PROJECT_STAGE_LABELS, type ProjectStage } from '../../workflows/rules/stages';
import type { Label } from '../../workflows/rules/stages';

export const MAIL_LANGUAGES = ['zh-CN', 'en'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

/** zh-CN unless the person chose English. */
export function mailLanguage(stored: string | null | undefined): MailLanguage {
  return stored === 'en' ? 'en' : 'zh-CN';
}

/** Every mail topic, with the label its opt-out carries in the settings form. */
export const NOTIFICATION_MAIL_TOPICS = {
  'application.submitted': { zh: '申报已受理', en: 'Application received' },
  'application.withdrawn': { zh: '逾期未补正，视为撤回', en: 'Application withdrawn after the revision deadline' },
  'eligibility.awaiting': { zh: '待资格审查', en: 'Applications awaiting eligibility review' },
  'eligibility.pass': { zh: '资格审查通过', en: 'Eligibility review passed' },
  'eligibility.return': { zh: '退回补正', en: 'Application returned for revision' },
  'eligibility.reject': { zh: '不予受理', en: 'Application rejected' },
  'panel.assigned': { zh: '新的评审任务', en: 'New scoring assignments' },
  'objection.filed': { zh: '收到公示异议', en: 'Objections filed during the public notice' },
  'notice.ended': { zh: '公示期满', en: 'Public notice period ended' },
  'project.approved': { zh: '已立项，待签署协议', en: 'Project approved, agreement to sign' },
  'project.not_funded': { zh: '未获资助', en: 'Project not funded' },
  'project.removed_by_objection': { zh: '异议成立，未获资助', en: 'Removed after an upheld objection' },
  'project.stage': { zh: '项目阶段变更', en: 'Project stage changes' },
  'project.closed': { zh: '项目已结项', en: 'Project closed' },
  'project.terminated': { zh: '项目已终止', en: 'Project terminated' },
  'report.submitted': { zh: '待审核报告', en: 'Reports to review' },
  'report.accepted': { zh: '报告通过审核', en: 'Report accepted' },
  'report.returned': { zh: '报告退回修改', en: 'Report returned for revision' },
  'report.reminder': { zh: '报告即将到期', en: 'Report due soon' },
  'report.overdue': { zh: '报告逾期', en: 'Report overdue' },
  'rectification.due': { zh: '整改期满', en: 'Rectification period ended' },
  'change.requested': { zh: '待审批项目变更', en: 'Change requests to decide' },
  'evaluation.assigned': { zh: '新的评估任务', en: 'New evaluation assignments' },
  'tranche.due': { zh: '待拨付资金', en: 'Tranches due' },
  'tranche.requested': { zh: '待审批拨付', en: 'Tranche requests to approve' },
  'tranche.paid': { zh: '资金已拨付', en: 'Tranche paid' },
  'tranche.cancelled': { zh: '拨付已取消', en: 'Tranche cancelled' },
  general: { zh: '其他通知', en: 'Other notifications' },
} as const satisfies Record<string, Label>;

export type NotificationMailTopic = keyof typeof NOTIFICATION_MAIL_TOPICS;
export const MAIL_TOPICS = Object.keys(NOTIFICATION_MAIL_TOPICS) as NotificationMailTopic[];

const isTopic = (s: string): s is NotificationMailTopic => s in NOTIFICATION_MAIL_TOPICS;
const stageOfKind = (kind: string): ProjectStage | undefined => {
  const stage = kind.startsWith('project.') ? kind.slice('project.'.length).toUpperCase() : '';
  return stage in PROJECT_STAGE_LABELS ? (stage as ProjectStage) : undefined;
};

/** The topic (template and opt-out) of a notification kind. */
export function notificationMailTopic(kind: string): NotificationMailTopic {
  if (isTopic(kind)) return kind;
  if (stageOfKind(kind)) return 'project.stage';
  return 'general';
}

/** What every template may use; `stage` for the project.* kinds. */
export interface NotificationMailData {
  /** The person's display name. */
  name: string;
  /** The notification's own title and body, as the decision wrote them (Chinese). */
  title: string;
  body: string;
  /** The application it is about, when it is about one. */
  applicationTitle?: string;
  /** Where to read it: the inbox of the portal. */
  link: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
}

const templates = new Map<string, HandlebarsTemplateDelegate>();
const hbs = Handlebars.create();

export function mailTemplateFile(topic: NotificationMailTopic, lang: MailLanguage): string {
  return join(findTemplatesDir(), '..', 'mail', `${topic}.${lang}.hbs`);
}

function template(topic: NotificationMailTopic, lang: MailLanguage): HandlebarsTemplateDelegate {
  const file = mailTemplateFile(topic, lang);
  let t = templates.get(file);
  if (!t) {
    // Plain text: nothing to escape; an unknown field is an error rather than an empty gap.
    t = hbs.compile(readFileSync(file, 'utf8'), { noEscape: true, strict: true, knownHelpersOnly: true, knownHelpers: { if: true } });
    templates.set(file, t);
  }
  return t;
}

/** The subject (first line) and text (after the blank line) of a notification's email. */
export function renderNotificationMail(kind: string, lang: MailLanguage, data: NotificationMailData): RenderedMail {
  const topic = notificationMailTopic(kind);
  const stage = stageOfKind(kind);
  const out = template(topic, lang)({ applicationTitle: '', ...data, stage: stage ? PROJECT_STAGE_LABELS[stage] : undefined });
  const [subject, blank, ...rest] = out.split('\n');
  if (!subject?.trim() || blank?.trim() || rest.join('').trim() === '')
    throw new Error(`mail template ${topic}.${lang}: the first line is the subject, then one blank line, then the text`);
  return { subject: subject.trim().replace(/\s+/g, ' '), text: `${rest.join('\n').trim()}\n` };
}
