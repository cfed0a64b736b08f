import { FormBody, formField, FormRow, integer, moneyTotal, readRows, text, withBlankRows } from './applicant-forms';
import { budgetTypeOptions } from './applicant-labels';
import type { ApplicationView } from '../../applications/applications.dto';
import type { FormErrors } from '../forms';
import type { Translate } from '../web-context';
import type { WebLang } from '../web-i18n';

/**
 * The application form (申报书) as posted rows and as the DTO-shaped object the API receives,
 * and the view of its rows: ids, names, captions and errors precomputed so that the template
 * stays a plain loop.
 */
export const GROUPS = {
  budget: { property: 'budgetLines', fields: ['type', 'description', 'amount'], min: 3 },
  indicator: { property: 'indicators', fields: ['name', 'unit', 'target'], min: 2 },
  milestone: { property: 'milestones', fields: ['title', 'dueOn', 'deliverable'], min: 2 },
} as const;
export type Group = keyof typeof GROUPS;
const SCALARS = ['title', 'category', 'summary', 'beneficiaries', 'requestedAmount', 'matchingFunds'] as const;

export interface PostedApplication {
  /** The fields as the API takes them (without roundId, organizationId, version). */
  fields: Record<string, unknown>;
  /** API path → the form's field name, for placing errors. */
  field: (path: string) => string;
  /** What was typed, to show again. */
  values: Record<string, string>;
  rows: Record<Group, Record<string, string>[]>;
}

export function readApplication(body: FormBody, blankMatching: 'omit' | 'clear'): PostedApplication {
  const values = Object.fromEntries(SCALARS.map((f) => [f, text(body, f)]));
  const posted = Object.fromEntries((Object.keys(GROUPS) as Group[]).map((g) => [g, readRows(body, g, GROUPS[g].fields)])) as Record<
    Group,
    FormRow[]
  >;
  const filled = (g: Group) => posted[g].filter((r) => !r.blank);
  const fields: Record<string, unknown> = {
    title: values.title,
    category: values.category,
    summary: values.summary,
    beneficiaries: values.beneficiaries,
    requestedAmount: values.requestedAmount,
  };
  if (values.matchingFunds !== '') fields.matchingFunds = values.matchingFunds;
  else if (blankMatching === 'clear') fields.matchingFunds = null;
  fields.budgetLines = filled('budget').map((r) => ({ type: r.values.type, description: r.values.description, amount: r.values.amount }));
  fields.indicators = filled('indicator').map((r) => ({ name: r.values.name, unit: r.values.unit, target: integer(r.values.target) }));
  fields.milestones = filled('milestone').map((r) => ({ title: r.values.title, dueOn: r.values.dueOn, deliverable: r.values.deliverable }));
  const groups = Object.fromEntries(
    (Object.keys(GROUPS) as Group[]).map((g) => [GROUPS[g].property, { group: g, indexes: filled(g).map((r) => r.index) }]),
  );
  return {
    fields,
    values,
    field: (path) => formField(path, groups),
    rows: Object.fromEntries((Object.keys(GROUPS) as Group[]).map((g) => [g, posted[g].map((r) => r.values)])) as Record<
      Group,
      Record<string, string>[]
    >,
  };
}

/** The stored application as form values. */
export function storedApplication(app: ApplicationView): Pick<PostedApplication, 'values' | 'rows'> {
  const list = (v: unknown) => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);
  const strings = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
  return {
    values: {
      title: app.title,
      category: app.category,
      summary: app.summary,
      beneficiaries: app.beneficiaries,
      requestedAmount: app.requestedAmount,
      matchingFunds: app.matchingFunds ?? '',
    },
    rows: {
      budget: list(app.budgetLines).map(strings),
      indicator: list(app.indicators).map(strings),
      milestone: list(app.milestones).map(strings),
    },
  };
}

export interface RowField {
  id: string;
  name: string;
  value: string;
  error?: string;
  caption: string;
}

/** Rows to show for each group (blank ones up to the group's minimum, one more of the `add` group), their fields and errors. */
export function rowsView(rows: Record<Group, Record<string, string>[]>, t: Translate, lang: WebLang, errors?: FormErrors, add?: Group) {
  const view = (g: Group) =>
    withBlankRows(rows[g], GROUPS[g].fields, GROUPS[g].min, add === g ? 1 : 0).map((values, i) => {
      const f = Object.fromEntries(
        GROUPS[g].fields.map((name): [string, RowField] => {
          const key = `${g}-${i}-${name}`;
          return [
            name,
            { id: `app-${key}`, name: key, value: values[name] ?? '', error: errors?.byField[key], caption: t(`applicant.fields.${name}`) },
          ];
        }),
      );
      return {
        legend: t(`applicant.rows.${g}`, { n: i + 1 }),
        fields: f,
        types: g === 'budget' ? budgetTypeOptions(lang, values.type) : undefined,
        rowError: errors?.byField[`${g}-${i}`],
      };
    });
  return {
    budget: view('budget'),
    indicator: view('indicator'),
    milestone: view('milestone'),
    budgetTotal: moneyTotal(rows.budget.map((r) => r.amount ?? '')),
  };
}

/** `_action=add-budget` (the no-script "add a row" buttons): which group gets a blank row. */
export function addedGroup(body: FormBody): Group | undefined {
  const m = /^add-(budget|indicator|milestone)$/.exec(text(body, '_action'));
  return m ? (m[1] as Group) : undefined;
}
