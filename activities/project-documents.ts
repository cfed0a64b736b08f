import { BUDGET_LINE_TYPES, splitByPercents, TRANCHE_STAGES } from '../workflows/rules';
import { DEFAULT_OBLIGATIONS_A, DEFAULT_OBLIGATIONS_B } from './documents/document-data';
import { chinaDate, documentNo, Tx } from './support';
import type { BudgetLineType, TrancheStep } from '../workflows/rules';
import type { ApplicationContext } from './application-context';
import type { AcceptanceReceiptData, AgreementData } from './documents/document-data';
import type { CheckLine } from './eligibility-check';

export function receiptData(ctx: ApplicationContext, checks: CheckLine[], submissionNo: number, now: Date): AcceptanceReceiptData {
  const issuedOn = chinaDate(now);
  return {
    documentNo: documentNo('受', issuedOn, `${ctx.application.id}`),
    issuedOn,
    bureau: { name: ctx.round.issuingBureau },
    round: { name: ctx.round.name },
    organization: { name: ctx.organization.name, creditCode: ctx.organization.creditCode },
    application: {
      title: ctx.application.title,
      category: ctx.application.category,
      requestedAmount: ctx.application.requestedAmount.toFixed(2),
      submittedAt: now.toISOString(),
      submissionNo,
    },
    eligibility: checks,
  };
}

const CONDITIONS: Record<string, string> = {
  AGREEMENT_SIGNED: '协议签订后拨付',
  MIDTERM_PASSED: '中期评估合格后拨付',
  CLOSEOUT: '结项评估完成后拨付（尾款）',
};

function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const end = new Date(Date.UTC(y, m - 1 + months, d) - 24 * 3600 * 1000);
  return end.toISOString().slice(0, 10);
}

/** 项目协议书 data: entrusted items from the planned indicators, tranches from the round's plan. */
export async function agreementData(tx: Tx, ctx: ApplicationContext, award: string, now: Date): Promise<AgreementData> {
  const { application: app, organization: org, round } = ctx;
  const issuedOn = chinaDate(now);
  const plan = round.tranchePlan as unknown as TrancheStep[];
  const amounts = splitByPercents(
    award,
    plan.map((t) => t.percent),
  );
  const indicators = app.indicators as { name: string; unit: string; target: number | string }[];
  const version = (await tx.document.count({ where: { applicationId: app.id, kind: 'AGREEMENT' } })) + 1;
  // Once the term has started, its dates (and any approved extension) come from the project itself.
  const term =
    app.termStartsAt && app.termEndsAt
      ? { startsOn: chinaDate(app.termStartsAt), endsOn: chinaDate(app.termEndsAt) }
      : { startsOn: issuedOn, endsOn: addMonths(issuedOn, round.projectTermMonths) };
  const budgetLines = (app.budgetLines as { type: BudgetLineType; description?: string; amount: string }[]).map((l) => ({
    typeLabel: BUDGET_LINE_TYPES[l.type]?.zh ?? l.type,
    description: l.description,
    amount: l.amount,
  }));
  const approved = await tx.changeRequest.findMany({ where: { applicationId: app.id, status: 'APPROVED' }, orderBy: { createdAt: 'asc' } });
  const changes = approved.map((c) => {
    const payload = c.payload as { kind: string; newEndsAt?: string };
    const what = payload.kind === 'EXTENSION' ? `项目期限延长至${chinaDate(new Date(payload.newEndsAt!))}` : '预算科目调整';
    return { on: chinaDate(c.decidedAt ?? c.createdAt), summary: `${what}（${c.reason ?? ''}）` };
  });
  return {
    documentNo: documentNo('协', issuedOn, app.id),
    issuedOn,
    bureau: { name: round.issuingBureau },
    version,
    partyA: { name: round.issuingBureau },
    partyB: {
      name: org.name,
      creditCode: org.creditCode,
      address: org.address ?? undefined,
      representative: org.contactName,
      contactPhone: org.contactPhone,
    },
    project: {
      title: app.title,
      category: app.category,
      summary: app.summary,
      beneficiaries: app.beneficiaries,
      term,
    },
    entrustedItems: indicators.map((x) => ({ name: x.name, indicator: x.name, target: String(x.target), unit: x.unit })),
    amount: award,
    tranches: plan.map((t, k) => ({
      label: TRANCHE_STAGES[t.stage].zh,
      percent: t.percent,
      amount: amounts[k].toFixed(2),
      condition: CONDITIONS[t.stage] ?? t.stage,
    })),
    reportingDuties: [
      { kind: '季度进度报告（季报）', due: '每季度结束后10日内' },
      { kind: '中期报告', due: `项目周期过半后15日内（约 ${addMonths(issuedOn, Math.ceil(round.projectTermMonths / 2))}）` },
      { kind: '结项报告', due: `项目期满后30日内（项目期满 ${addMonths(issuedOn, round.projectTermMonths)}）` },
    ],
    obligationsA: [...DEFAULT_OBLIGATIONS_A],
    obligationsB: [...DEFAULT_OBLIGATIONS_B],
    budgetLines,
    ...(changes.length > 0 && { changes }),
    signatures: {},
  };
}
