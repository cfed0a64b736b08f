import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_STAGE_LABELS } from '../../workflows/rules/stages';
import {
  MAIL_LANGUAGES,
  MAIL_TOPICS,
  mailLanguage,
  mailTemplateFile,
  notificationMailTopic,
  renderNotificationMail,
  type NotificationMailData,
} from './notification-mail';

const data: NotificationMailData = {
  name: '张三',
  title: '申报已受理：社区养老互助',
  body: '您的申报书（第1次提交）已受理，进入资格审查。',
  applicationTitle: '社区养老互助',
  link: 'http://127.0.0.1:3000/inbox',
};

/** The kinds the activities pass to notify() as literals, read from their sources. */
function literalKinds(): string[] {
  const dir = join(__dirname, '..');
  const kinds = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/kind: '([a-z_]+\.[a-z_]+)'/g)) kinds.add(m[1]);
  }
  return [...kinds].sort();
}

describe('notification mail templates', () => {
  it('has a zh-CN and an English template for every topic, and no template without a topic', () => {
    const dir = dirname(mailTemplateFile('general', 'zh-CN'));
    const files = readdirSync(dir).filter((f) => f.endsWith('.hbs'));
    const expected = MAIL_TOPICS.flatMap((t) => MAIL_LANGUAGES.map((l) => `${t}.${l}.hbs`)).sort();
    expect(files.sort()).toEqual(expected);
  });

  it.each(MAIL_TOPICS.flatMap((t) => MAIL_LANGUAGES.map((l) => [t, l] as const)))('renders %s in %s with its data', (topic, lang) => {
    const kind = topic === 'project.stage' ? 'project.implementation' : topic;
    const mail = renderNotificationMail(kind, lang, data);
    expect(mail.subject.length).toBeGreaterThan(3);
    expect(mail.subject).not.toMatch(/\{\{|\n/);
    expect(mail.text).toContain(data.name);
    expect(mail.text).toContain(data.body);
    expect(mail.text).toContain(data.link);
    if (lang === 'zh-CN') expect(mail.subject).toBe(data.title);
    else {
      expect(mail.subject).toMatch(/^[A-Z][A-Za-z ,:–-]+/);
      expect(mail.text).toMatch(/^Dear 张三,/);
    }
    // Without an application the English subject has no dangling dash.
    expect(renderNotificationMail(kind, lang, { ...data, applicationTitle: '' }).subject).not.toMatch(/–\s*$/);
  });

  it('names the stage of every project.<stage> kind without a template of its own', () => {
    for (const [stage, label] of Object.entries(PROJECT_STAGE_LABELS)) {
      const kind = `project.${stage.toLowerCase()}`;
      if (notificationMailTopic(kind) !== 'project.stage') continue;
      expect(renderNotificationMail(kind, 'en', data).subject).toContain(label.en);
      expect(renderNotificationMail(kind, 'zh-CN', data).text).toContain(label.zh);
    }
  });

  it('gives every kind the activities notify with a topic of its own, and the decisions’ kinds too', () => {
    const kinds = [
      ...literalKinds(),
      'eligibility.pass',
      'eligibility.return',
      'eligibility.reject',
      'project.approved',
      'project.not_funded',
    ];
    expect(kinds.length).toBeGreaterThan(20);
    expect(kinds.filter((k) => notificationMailTopic(k) === 'general')).toEqual([]);
  });

  it('mails in English only to someone who chose it', () => {
    expect(mailLanguage('en')).toBe('en');
    expect(mailLanguage('zh-CN')).toBe('zh-CN');
    expect(mailLanguage(null)).toBe('zh-CN');
    expect(mailLanguage('fr')).toBe('zh-CN');
  });
});
