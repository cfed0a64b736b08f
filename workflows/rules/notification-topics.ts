// Notification topics: what a person may turn the email of off (通知设置), and the language of
// their mail. Shared by the API (the settings) and the activities (notify), so written once here.
import { PROJECT_STAGE_LABELS, type Label, type ProjectStage } from './stages';

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
  'round.closingSoon': { zh: '申报即将截止（尚有未提交的申报书）', en: 'Applications close soon (a draft not yet submitted)' },
  'application.revisionDueSoon': { zh: '补正期限将至', en: 'Revision deadline soon' },
  'notice.objectionsOpen': { zh: '公示期将满，尚有异议待处理', en: 'Notice period ending with objections open' },
  'project.rectificationDueSoon': { zh: '整改期限将至', en: 'Rectification deadline soon' },
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
export const stageOfKind = (kind: string): ProjectStage | undefined => {
  const stage = kind.startsWith('project.') ? kind.slice('project.'.length).toUpperCase() : '';
  return stage in PROJECT_STAGE_LABELS ? (stage as ProjectStage) : undefined;
};

/** The topic (template and opt-out) of a notification kind. */
export function notificationMailTopic(kind: string): NotificationMailTopic {
  if (isTopic(kind)) return kind;
  if (stageOfKind(kind)) return 'project.stage';
  return 'general';
}
