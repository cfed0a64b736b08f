import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RoundKind } from '@generated/prisma/enums';
import { EVALUATION_KINDS } from '@workflows/rules';
import { RULES, TITLED } from './web-errors';
import { pickLanguage, toWebLang, WEB_LANGS } from './web-i18n';
import { webTemplatesDir } from './web-templates';
import { WORKSPACE_ITEMS } from './web-workspace';

type Dict = { [key: string]: string | Dict };

const dir = webTemplatesDir();
// nestjs-i18n reads every <namespace>.json of a language folder as the keys `<namespace>.…`.
const NAMESPACES = readdirSync(join(dir, 'i18n', 'zh-CN'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length));
const dictionaries = Object.fromEntries(
  WEB_LANGS.map((lang) => [
    lang,
    Object.fromEntries(NAMESPACES.map((ns) => [ns, JSON.parse(readFileSync(join(dir, 'i18n', lang, `${ns}.json`), 'utf8')) as Dict])),
  ]),
) as Record<string, Dict>;

function keys(d: Dict, prefix = ''): string[] {
  return Object.entries(d).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

function files(folder: string, ext: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(folder, e.name), ext) : e.name.endsWith(ext) ? [join(folder, e.name)] : [],
  );
}

// Kinds whose labels the templates build as concat('web.evaluationKind.', kind): a kind added to
// the rules fails here until both dictionaries name it.

describe('web dictionaries', () => {
  const zh = keys(dictionaries['zh-CN']);

  it('have the same keys in every language, none of them empty', () => {
    for (const lang of WEB_LANGS) {
      expect(keys(dictionaries[lang]).sort()).toEqual([...zh].sort());
      const empty = keys(dictionaries[lang]).filter(
        (k) => !String(k.split('.').reduce<Dict | string>((d, p) => (d as Dict)[p], dictionaries[lang])).trim(),
      );
      expect(empty).toEqual([]);
    }
  });

  it('have no Chinese in English and every key the templates and controllers use', () => {
    const en = JSON.stringify(dictionaries.en).replace(/"languageName":"[^"]*"/, '');
    expect(en).not.toMatch(/[\u3400-\u9fff\uff00-\uffef]/);
    const used = new Set<string>();
    for (const file of files(dir, '.hbs')) for (const m of readFileSync(file, 'utf8').matchAll(/\bt '([\w.]+)'/g)) used.add(m[1]);
    const literal = new RegExp(`['\`]((?:${NAMESPACES.join('|')})\\.[\\w.]+[\\w])['\`]`, 'g');
    for (const file of files(__dirname, '.ts').filter((f) => !f.endsWith('.spec.ts'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(literal)) used.add(m[1]);
    }
    // Keys built at run time from a value.
    for (const kind of Object.values(RoundKind)) used.add(`web.roundKind.${kind}`);
    for (const kind of EVALUATION_KINDS) used.add(`web.evaluationKind.${kind}`);
    for (const status of TITLED) used.add(`web.errors.title.${status}`).add(`web.errors.detail.${status}`);
    for (const rule of [...RULES, 'invalid']) used.add(`web.validation.${rule}`);
    for (const field of ['applicationId', 'name', 'contact', 'reason', 'username', 'password']) used.add(`web.fields.${field}`);
    for (const item of Object.values(WORKSPACE_ITEMS).flat()) used.add(`web.workspace.items.${item}`);
    expect([...used].filter((k) => !zh.includes(k))).toEqual([]);
  });
});

describe('pickLanguage', () => {
  it('takes the part of a "中文 / English" message in the page language', () => {
    expect(pickLanguage('公示期已结束，不再受理异议 / the notice period has ended', 'zh-CN')).toBe('公示期已结束，不再受理异议');
    expect(pickLanguage('公示期已结束，不再受理异议 / the notice period has ended', 'en')).toBe('the notice period has ended');
  });

  it('never shows a Chinese-only message on an English page', () => {
    expect(pickLanguage('请求参数有误: reason (minLength)', 'en')).toBeUndefined();
    expect(pickLanguage('请求参数有误', 'zh-CN')).toBe('请求参数有误');
    expect(pickLanguage(undefined, 'en')).toBeUndefined();
  });

  it('reads any unknown language as zh-CN', () => {
    expect(toWebLang('en')).toBe('en');
    expect(toWebLang('fr')).toBe('zh-CN');
    expect(toWebLang(undefined)).toBe('zh-CN');
  });
});
