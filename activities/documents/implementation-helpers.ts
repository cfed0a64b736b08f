/**
 * Helpers for the documents of implementation and closeout, registered beside the common ones
 * (helpers.ts). Like those, they depend only on their input and compute in decimal.
 */
import { Decimal } from 'decimal.js';
import { isMoneyString, parseMoney } from '../../workflows/rules/money';
import { DocumentDataError } from './document-data';
import { parseDocumentDate } from './helpers';
import type { HelperOptions } from 'handlebars';
import type Handlebars from 'handlebars';

// Private, so that no other module's Decimal.set() changes how a rate rounds.
const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const DECIMAL_TEXT = /^\d{1,15}(\.\d{1,9})?$/;

function kindOf(options: HelperOptions): string {
  return String((options.data as { documentKind?: string } | undefined)?.documentKind ?? '未知');
}

/** A finite number, or a plain decimal string such as a money amount; undefined otherwise. */
function toDecimal(value: unknown): Decimal | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Exact(value);
  if (typeof value === 'string' && DECIMAL_TEXT.test(value)) return new Exact(value);
  return undefined;
}

/**
 * `part` as a percentage of `whole` with one decimal, rounded half-up: 1250 of 1200 → "104.2%".
 * A zero or absent whole has no rate and prints "—".
 */
export function formatRate(part: unknown, whole: unknown): string {
  const p = toDecimal(part);
  const w = toDecimal(whole);
  if (p === undefined || w === undefined || w.isZero()) return '—';
  return `${p.times(100).dividedBy(w).toFixed(1, Decimal.ROUND_HALF_UP)}%`;
}

export function registerImplementationHelpers(hbs: typeof Handlebars): void {
  // `{{#if (isZeroMoney x)}}`: "0", "0.0" and "0.00" all count as nothing to pay or return.
  hbs.registerHelper('isZeroMoney', (value: unknown, options: HelperOptions) => {
    if (!isMoneyString(value)) throw new DocumentDataError(kindOf(options), [], ['金额']);
    return parseMoney(value).isZero();
  });

  hbs.registerHelper('rate', (part: unknown, whole: unknown) => formatRate(part, whole));

  // `{{#if (after a b)}}`: instant a is strictly later than instant b (e.g. a report filed late).
  hbs.registerHelper('after', (a: unknown, b: unknown, options: HelperOptions) => {
    if (parseDocumentDate(a)?.kind !== 'instant' || parseDocumentDate(b)?.kind !== 'instant') {
      throw new DocumentDataError(kindOf(options), [], ['时间']);
    }
    return Date.parse(a as string) > Date.parse(b as string);
  });
}

export const IMPLEMENTATION_HELPER_NAMES = ['isZeroMoney', 'rate', 'after'] as const;
