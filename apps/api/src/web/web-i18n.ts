import type { Label } from '@workflows/rules';

/**
 * The portal's languages: zh-CN first, English on request (the `lang` cookie, set by the switch
 * in the header). Dictionaries live in templates/web/i18n/<lang>/web.json; domain labels
 * (stages, roles, grades) come from workflows/rules, where they are written once.
 */
export const WEB_LANGS = ['zh-CN', 'en'] as const;
export type WebLang = (typeof WEB_LANGS)[number];
export const DEFAULT_LANG: WebLang = 'zh-CN';
export const LANG_COOKIE = 'lang';

/** Anything a cookie or a query may carry becomes a supported language. */
export function toWebLang(value: unknown): WebLang {
  return value === 'en' ? 'en' : DEFAULT_LANG;
}

export function otherLang(lang: WebLang): WebLang {
  return lang === 'en' ? 'zh-CN' : 'en';
}

/** A domain label in the page's language; English labels start lower-case in rules, so capitalise. */
export function labelText(label: Label | undefined, lang: WebLang): string | undefined {
  if (!label) return undefined;
  return lang === 'en' ? label.en.charAt(0).toUpperCase() + label.en.slice(1) : label.zh;
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/**
 * Domain errors carry their message as "中文 / English" (see common/errors.ts). Picks the part in
 * the page's language; undefined when there is none (an English page never shows a Chinese-only
 * detail: it falls back to the dictionary's title for the error).
 */
export function pickLanguage(message: string | undefined, lang: WebLang): string | undefined {
  if (!message) return undefined;
  const cut = message.indexOf(' / ');
  if (cut < 0) return CJK.test(message) === (lang === 'zh-CN') ? message : undefined;
  const part = (lang === 'zh-CN' ? message.slice(0, cut) : message.slice(cut + 3)).trim();
  return part || undefined;
}
