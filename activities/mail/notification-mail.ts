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
import {
  notificationMailTopic,
  stageOfKind,
  type MailLanguage,
  type NotificationMailTopic,
} from '../../workflows/rules/notification-topics';
import { PROJECT_STAGE_LABELS } from '../../workflows/rules/stages';
import { findTemplatesDir } from '../documents/renderer';

export * from '../../workflows/rules/notification-topics';

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
