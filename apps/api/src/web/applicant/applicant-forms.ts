import { formatMoney, isMoneyString, sumMoney } from '@workflows/rules';

/**
 * Reading the applicant's posted forms into the shapes the JSON API receives, so that the same
 * DTO classes and services judge them. Repeated rows (budget lines, indicators…) are posted as
 * flat names `<group>-<n>-<field>`: no bracket parsing, and a row the browser's script removed
 * leaves a harmless gap.
 */
export type FormBody = Record<string, unknown>;

const MAX_ROWS = 60;

export function asBody(body: unknown): FormBody {
  return typeof body === 'object' && body !== null ? (body as FormBody) : {};
}

/** A posted text value, trimmed; '' when absent or not a single string. */
export function text(body: FormBody, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : '';
}

/** Every value posted under a name (checkboxes), whether it came once or many times. */
export function values(body: FormBody, name: string): string[] {
  const v = body[name];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all.filter((x): x is string => typeof x === 'string' && x !== '');
}

export interface FormRow {
  /** Position of the row in the form as posted, which its field names carry. */
  index: number;
  values: Record<string, string>;
  blank: boolean;
}

/** Rows of one group in form order; a row whose fields are all empty is blank (a way to remove it without script). */
export function readRows(body: FormBody, group: string, fields: readonly string[]): FormRow[] {
  const pattern = new RegExp(`^${group}-(\\d{1,2})-(\\w+)$`);
  let count = 0;
  for (const key of Object.keys(body)) {
    const m = pattern.exec(key);
    if (m && fields.includes(m[2])) count = Math.max(count, Number(m[1]) + 1);
  }
  const rows: FormRow[] = [];
  for (let index = 0; index < Math.min(count, MAX_ROWS); index++) {
    const v = Object.fromEntries(fields.map((f) => [f, text(body, `${group}-${index}-${f}`)]));
    rows.push({ index, values: v, blank: fields.every((f) => v[f] === '') });
  }
  return rows;
}

/** Rows to show: the given ones, then blank ones up to `min`, plus `extra` more. */
export function withBlankRows(rows: Record<string, string>[], fields: readonly string[], min: number, extra = 0): Record<string, string>[] {
  const blank = () => Object.fromEntries(fields.map((f) => [f, '']));
  const out = [...rows];
  while (out.length < min) out.push(blank());
  for (let i = 0; i < extra; i++) out.push(blank());
  return out;
}

/** "1200" → 1200 for the API's integer fields; anything else stays text so that the DTO names the problem. */
export function integer(value: string): number | string {
  return /^-?\d{1,15}$/.test(value) ? Number(value) : value;
}

/** A score with at most two decimals as the JSON number the API takes; anything else stays text. */
export function decimalNumber(value: string): number | string {
  return /^-?\d{1,6}(\.\d{1,2})?$/.test(value) ? Number(value) : value;
}

/** The total of the amounts that are valid money, added as decimals (never floats). */
export function moneyTotal(amounts: readonly string[]): string {
  return formatMoney(sumMoney(amounts.filter((a) => isMoneyString(a))));
}

/**
 * An API field path (`budgetLines.2.amount`, `budgetLines[2].amount`, `scores.support`) as the
 * form's own field name: `groups` maps an array property to its row group and the posted row
 * indexes (rows left blank are not sent, so positions differ).
 */
export function formField(
  path: string,
  groups: Record<string, { group: string; indexes: number[] }> = {},
  objects: Record<string, string> = {},
): string {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  const [head, second, third] = parts;
  const g = groups[head];
  if (g && second !== undefined && /^\d+$/.test(second)) {
    const index = g.indexes[Number(second)] ?? Number(second);
    return third ? `${g.group}-${index}-${third}` : `${g.group}-${index}`;
  }
  if (objects[head] && second) return `${objects[head]}-${second}`;
  return head;
}
