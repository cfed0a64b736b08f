/**
 * Formatting helpers for the document templates. Output depends only on the input: instants are
 * read at the fixed China offset, never in the worker's own time zone, so two workers render the
 * same bytes.
 */
import { parseDocumentDate } from '../../workflows/rules/china-date';
import { formatMoney, isMoneyString, parseMoney, toChineseCapital } from '../../workflows/rules/money';
import { DocumentDataError } from './document-data';
import type Handlebars from 'handlebars';
import type { HelperOptions } from 'handlebars';

export { parseDocumentDate };
export type { DocumentDate } from '../../workflows/rules/china-date';

/** "2026-11-23" → "2026年11月23日"; with `withTime`, an instant also gets its China clock time. */
export function formatDateZh(value: string, withTime = false): string {
  const d = parseDocumentDate(value);
  if (!d) throw new RangeError(`not a date or an ISO instant with offset: ${JSON.stringify(value)}`);
  const day = `${d.year}年${d.month}月${d.day}日`;
  if (!withTime || d.kind === 'date') return day;
  return `${day} ${String(d.hour).padStart(2, '0')}:${String(d.minute).padStart(2, '0')}`;
}

/** "1234567.8" → "1,234,567.80". */
export function formatThousands(amount: string): string {
  const [integer = '0', fraction = '00'] = formatMoney(parseMoney(amount)).split('.');
  return `${integer.replace(/\B(?=(\d{3})+$)/g, ',')}.${fraction}`;
}

/*
 * Validation runs before rendering, so these throws should never fire; they stay as the last
 * guard for a template that starts printing a field the validation list does not yet know.
 */
function fieldAt(what: string, options: HelperOptions): string {
  const line = (options as HelperOptions & { loc?: { start: { line: number } } }).loc?.start.line;
  return line === undefined ? what : `${what}（模板第${line}行）`;
}

function kindOf(options: HelperOptions): string {
  return String((options.data as { documentKind?: string } | undefined)?.documentKind ?? '未知');
}

function requireMoney(value: unknown, options: HelperOptions): string {
  if (value === undefined || value === null || value === '') {
    throw new DocumentDataError(kindOf(options), [fieldAt('金额', options)]);
  }
  if (!isMoneyString(value)) throw new DocumentDataError(kindOf(options), [], [fieldAt('金额', options)]);
  return value;
}

export function registerDocumentHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('money', (value: unknown, options: HelperOptions) => formatThousands(requireMoney(value, options)));

  hbs.registerHelper('moneyCapital', (value: unknown, options: HelperOptions) => toChineseCapital(requireMoney(value, options)));

  // `{{dateZh x time=true}}` adds the clock time; `lenient=true` prints a non-date (a rule in
  // words such as 每季度结束后10日内) as it is.
  hbs.registerHelper('dateZh', (value: unknown, options: HelperOptions) => {
    if (parseDocumentDate(value) !== undefined) return formatDateZh(value as string, options.hash.time === true);
    if (options.hash.lenient === true && typeof value === 'string' && value.trim() !== '') return value;
    const field = fieldAt('日期', options);
    const absent = value === undefined || value === null || value === '';
    throw new DocumentDataError(kindOf(options), absent ? [field] : [], absent ? [] : [field]);
  });

  hbs.registerHelper('percent', (value: unknown, options: HelperOptions) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new DocumentDataError(kindOf(options), [], [fieldAt('比例', options)]);
    }
    return `${value}%`;
  });

  hbs.registerHelper('inc', (index: unknown) => Number(index) + 1);
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
}

/** For compiling with knownHelpersOnly, so a misspelt helper fails at compile time, not in print. */
export const DOCUMENT_HELPER_NAMES = ['money', 'moneyCapital', 'dateZh', 'percent', 'inc', 'eq'] as const;
