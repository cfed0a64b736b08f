import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars, { HelperOptions } from 'handlebars';
import hbs from 'hbs';
import { I18nService } from 'nestjs-i18n';
import { GRADE_LABELS, Label, PROJECT_STAGE_LABELS, ROLE_LABELS, ROUND_STATUS_LABELS } from '@workflows/rules';
import { labelText, toWebLang, WebLang } from './web-i18n';
import { webTemplatesDir } from './web-templates';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Domain labels by kind, as templates name them: {{label 'roundStatus' round.status}}. */
const LABELS: Readonly<Record<string, Readonly<Record<string, Label>>>> = {
  roundStatus: ROUND_STATUS_LABELS,
  projectStage: PROJECT_STAGE_LABELS,
  role: ROLE_LABELS,
  grade: GRADE_LABELS,
};

const DATE_FORMATS: Record<WebLang, Intl.DateTimeFormat> = {
  'zh-CN': new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }),
};

/** An instant as the portal shows it, in China's time (2026年12月7日 23:59 / 7 Dec 2026, 23:59); for facts built in code. */
export function dateTextOf(iso: string | null | undefined, lang: WebLang): string {
  return iso ? DATE_FORMATS[lang].format(new Date(iso)) : '';
}

const langOf = (options: HelperOptions): WebLang => toWebLang((options.data as { root?: { lang?: unknown } } | undefined)?.root?.lang);

/** "1234567.50" → "1,234,567.50" on the decimal string itself: money never passes through a float. */
export function groupDigits(amount: string): string {
  const [whole, cents] = amount.split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${cents !== undefined ? `.${cents}` : ''}`;
}

function registerHelpers(engine: typeof Handlebars, i18n: I18nService): void {
  const t = (key: string, lang: WebLang, args: Record<string, unknown> = {}) => String(i18n.t(key, { lang, args }));
  engine.registerHelper('t', (key: string, options: HelperOptions) => t(key, langOf(options), options.hash));
  engine.registerHelper(
    'label',
    (kind: string, value: string, options: HelperOptions) => labelText(LABELS[kind]?.[value], langOf(options)) ?? value,
  );
  const dateText = (iso: string | null | undefined, options: HelperOptions) => dateTextOf(iso, langOf(options));
  engine.registerHelper('date', (iso: string | null | undefined, options: HelperOptions) => {
    if (!iso) return '';
    return new engine.SafeString(
      `<time datetime="${engine.escapeExpression(iso)}">${engine.escapeExpression(dateText(iso, options))}</time>`,
    );
  });
  // Plain text, for dates inside a translated sentence (t escapes its arguments).
  engine.registerHelper('dateText', dateText);
  engine.registerHelper('money', (amount: string | null | undefined, options: HelperOptions) =>
    amount ? t('web.money', langOf(options), { amount: groupDigits(amount) }) : '',
  );
  engine.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  engine.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).join(''));
  // aria-describedby from the ids of a field's hint and error, whichever it has.
  engine.registerHelper('describedBy', (id: string, hint: unknown, error: unknown) =>
    [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' '),
  );
}

/**
 * Handlebars views of the portal (templates/web: layouts/, partials/, pages/) through `hbs`, the
 * engine of NestJS's MVC guide, on an engine instance of its own so the documents' helpers and
 * these never mix. Partials are registered synchronously so the first request finds them.
 */
export function configureWebViews(nest: INestApplication): void {
  const app = nest as NestExpressApplication;
  const dir = webTemplatesDir();
  const engine = Handlebars.create();
  const views = hbs.create(engine);
  registerHelpers(engine, nest.get(I18nService));
  const partials = join(dir, 'partials');
  for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
    engine.registerPartial(basename(file, '.hbs'), readFileSync(join(partials, file), 'utf8'));
  }
  app.engine('hbs', views.__express);
  app.setBaseViewsDir(dir);
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });
  app.useStaticAssets(join(dir, 'assets'), { prefix: '/assets/', maxAge: '1h' });
  // Browsers ask for /favicon.ico whatever the page links; answer it from the same assets.
  const favicon = join(dir, 'assets', 'favicon.ico');
  app.use('/favicon.ico', (req: Request, res: Response, next: NextFunction) =>
    req.method === 'GET' || req.method === 'HEAD' ? res.sendFile(favicon, { maxAge: '1d' }) : next(),
  );
}
