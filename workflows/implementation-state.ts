import { condition } from '@temporalio/workflow';
import type { Actor, ChangeInput, EvaluationKind, ImplementationInput, ImplementationState, ReportInput, ReportState, TrancheState, TrancheStatusName } from './messages';
import { forbidden, invalidInput, invalidTransition, requireRole } from './refusals';
import {
  assessExtension, assessReallocation, FINAL_RUBRIC, GOVERNMENT_SIDE_RUBRIC, MIDTERM_RUBRIC, MONEY_PATTERN, ORGANIZATION_SIDE_RUBRIC, scoreEvaluation,
} from './rules';
import type { BudgetLineType, ProjectStage, RubricCriterion } from './rules';

export interface ImplementationStart {
  stage: ProjectStage;
  tranches: TrancheState[];
  reports: ReportState[];
  budgetLines: { type: BudgetLineType; description: string; amount: string }[];
  termEndsAt: string;
  evaluatorId: string | null;
  timing: { reminderLeadMs: number; rectificationMs: number; maxExtensionMs: number; changeThresholdPercent: number };
}

const RUBRICS: Record<EvaluationKind, RubricCriterion[]> = {
  MIDTERM: [...MIDTERM_RUBRIC],
  FINAL_THIRD_PARTY: [...FINAL_RUBRIC],
  GOV_ON_ORG: [...ORGANIZATION_SIDE_RUBRIC],
  ORG_ON_GOV: [...GOVERNMENT_SIDE_RUBRIC],
};

/** The implementation phase's state and the checks its validators make; pure, no activities. */
export class Implementation {
  readonly state: ImplementationState;
  private budgetLines: ImplementationStart['budgetLines'];
  private stopped = false;

  constructor(private readonly input: ImplementationInput, private readonly start: ImplementationStart) {
    this.state = {
      applicationId: input.applicationId, stage: start.stage, tranches: start.tranches, reports: start.reports,
      evaluations: [], evaluatorId: start.evaluatorId ?? undefined, termEndsAt: start.termEndsAt,
    };
    this.budgetLines = start.budgetLines;
  }

  ended(): boolean {
    return this.state.stage === 'CLOSED' || this.state.stage === 'TERMINATED';
  }

  tranche(seq: number): TrancheState {
    return this.state.tranches.find((t) => t.seq === seq)!;
  }

  trancheAt(stage: string): TrancheState[] {
    return this.state.tranches.filter((t) => t.stage === stage);
  }

  requireTranche(seq: number, status: TrancheStatusName): void {
    const t = this.state.tranches.find((x) => x.seq === seq);
    if (!t) throw invalidTransition(`没有第 ${seq} 期拨付 / no such tranche`, this.state.stage);
    if (t.status !== status) throw invalidTransition(`第 ${seq} 期当前状态为 ${t.status}，不能执行此操作 / tranche is ${t.status}`, t.status);
  }

  report(seq: number): ReportState {
    return this.state.reports.find((r) => r.seq === seq)!;
  }

  requireMember(actor: Actor): void {
    requireRole(actor, 'APPLICANT');
    if (!actor.organizationIds.includes(this.input.organizationId)) throw forbidden('只有承接单位人员可以执行此操作 / not a member of the organization');
  }

  requireSubmittable(seq: number, report: ReportInput): void {
    const r = this.state.reports.find((x) => x.seq === seq);
    if (!r) throw invalidTransition(`没有第 ${seq} 份报告 / no such report`, this.state.stage);
    if (r.status !== 'PENDING' && r.status !== 'RETURNED') throw invalidTransition('该报告已提交 / already submitted', r.status);
    // The final report closes the term: a mid-term evaluation the agreement ties money to must have passed first.
    if (r.kind === 'FINAL' && this.state.tranches.some((t) => t.stage === 'MIDTERM_PASSED' && t.status === 'PENDING')) {
      throw invalidTransition('中期评估合格后方可提交结项报告 / the final report follows a passed mid-term evaluation', this.state.stage);
    }
    const errors: { field: string; rule: string; message: string }[] = [];
    if (!report || typeof report.narrative !== 'string' || report.narrative.trim().length < 10) errors.push({ field: 'narrative', rule: 'minLength', message: 'narrative: 报告正文至少10个字' });
    if (!Array.isArray(report?.indicators) || report.indicators.length === 0) errors.push({ field: 'indicators', rule: 'required', message: 'indicators: 请填写指标完成情况' });
    if (!Array.isArray(report?.spending)) errors.push({ field: 'spending', rule: 'required', message: 'spending: 请填写各预算科目支出' });
    else report.spending.forEach((s, i) => {
      if (!MONEY_PATTERN.test(s.spent ?? '')) errors.push({ field: `spending.${i}.spent`, rule: 'isMoney', message: `spending.${i}.spent: 金额格式不正确` });
    });
    if (errors.length) throw invalidInput(errors);
  }

  requireReviewable(seq: number, decision: string, note: string, revisionDeadline?: string): void {
    const r = this.state.reports.find((x) => x.seq === seq);
    if (!r) throw invalidTransition(`没有第 ${seq} 份报告 / no such report`, this.state.stage);
    if (r.status !== 'SUBMITTED') throw invalidTransition('该报告不在待审核状态 / not awaiting review', r.status);
    if (decision === 'RETURN') {
      if (!note || note.trim().length < 2) throw invalidInput([{ field: 'note', rule: 'required', message: 'note: 退回须说明理由' }]);
      if (!revisionDeadline || !(Date.parse(revisionDeadline) > Date.now())) {
        throw invalidInput([{ field: 'revisionDeadline', rule: 'inFuture', message: 'revisionDeadline: 修改期限须晚于当前时间' }]);
      }
    }
  }

  assessChange(change: ChangeInput): { needsApproval: boolean } {
    if (this.state.stage !== 'IMPLEMENTATION' && this.state.stage !== 'RECTIFICATION') {
      throw invalidTransition('当前阶段不能申请变更 / changes are possible only during implementation', this.state.stage);
    }
    if (change.kind === 'EXTENSION') {
      const r = assessExtension(this.state.termEndsAt!, change.newEndsAt, this.start.timing.maxExtensionMs);
      if (!r.ok) throw invalidInput(r.errors);
      return { needsApproval: true };
    }
    const r = assessReallocation(this.budgetLines, change.budgetLines as ImplementationStart['budgetLines'], this.start.timing.changeThresholdPercent);
    if (!r.ok) throw invalidInput(r.errors);
    return { needsApproval: r.needsApproval };
  }

  applyChange(change: ChangeInput): void {
    if (change.kind === 'REALLOCATION') {
      this.budgetLines = change.budgetLines as ImplementationStart['budgetLines'];
      return;
    }
    this.state.termEndsAt = change.newEndsAt;
    for (const r of this.state.reports) if (r.kind === 'FINAL' && r.status === 'PENDING') r.dueAt = change.newEndsAt;
  }

  requireEvaluator(actor: Actor, kind: EvaluationKind): void {
    const stage = this.state.stage;
    const filed = (k: EvaluationKind) => this.state.evaluations.filter((e) => e.kind === k);
    if (kind === 'MIDTERM') {
      requireRole(actor, 'EVALUATOR');
      if (actor.userId !== this.state.evaluatorId) throw forbidden('您不是该项目指定的评估人员 / not the assigned evaluator');
      const midtermReport = this.state.reports.find((r) => r.kind === 'MIDTERM');
      if (stage === 'IMPLEMENTATION' && filed('MIDTERM').length === 0) {
        if (midtermReport && midtermReport.status !== 'ACCEPTED') throw invalidTransition('中期报告尚未通过审核 / the mid-term report is not accepted yet', stage);
        return;
      }
      if (stage === 'RECTIFICATION') return;
      throw invalidTransition('当前阶段不能进行中期评估 / no mid-term evaluation is due', stage);
    }
    if (stage !== 'FINAL_EVALUATION') throw invalidTransition('结项报告通过审核后才能进行结项评估 / final evaluations open after the final report', stage);
    if (filed(kind).length > 0) throw invalidTransition('该评估已提交 / already filed', stage);
    if (kind === 'FINAL_THIRD_PARTY') {
      requireRole(actor, 'EVALUATOR');
      if (actor.userId !== this.state.evaluatorId) throw forbidden('您不是该项目指定的评估人员 / not the assigned evaluator');
    } else if (kind === 'GOV_ON_ORG') {
      requireRole(actor, 'REVIEWER');
    } else {
      this.requireMember(actor);
    }
  }

  scoreEvaluation(kind: EvaluationKind, scores: Record<string, number>): { total: string; grade: string } {
    const r = scoreEvaluation(RUBRICS[kind], scores);
    if (!r.ok) throw invalidInput(r.errors);
    return { total: r.total, grade: r.grade };
  }

  attemptFor(kind: EvaluationKind): number {
    return this.state.evaluations.filter((e) => e.kind === kind).length + 1;
  }

  finalEvaluationsFiled(): boolean {
    return (['FINAL_THIRD_PARTY', 'GOV_ON_ORG', 'ORG_ON_GOV'] as EvaluationKind[]).every((k) => this.state.evaluations.some((e) => e.kind === k));
  }

  stopWatching(): void {
    this.stopped = true;
  }

  /**
   * Reminds the organization before a report is due and escalates to the reviewers once it is
   * overdue; a returned report is watched again against its revision deadline. Follows due-date
   * changes (an approved extension) and stops when the report is accepted or the project ends.
   */
  async watch(r: ReportState, h: { remind: (seq: number) => Promise<unknown>; escalate: (seq: number) => Promise<unknown>; leadMs: number }): Promise<void> {
    const finished = () => this.stopped || this.ended() || r.status === 'ACCEPTED';
    const waiting = () => r.status === 'PENDING' || r.status === 'RETURNED';
    const deadline = () => (r.status === 'RETURNED' && r.revisionDeadline ? r.revisionDeadline : r.dueAt);
    let remindedFor: string | undefined;
    let escalatedFor: string | undefined;
    for (;;) {
      await condition(() => finished() || waiting());
      if (finished()) return;
      const due = deadline();
      const changed = () => finished() || !waiting() || deadline() !== due;
      if (r.status === 'PENDING' && remindedFor !== due) {
        if (await condition(changed, Math.max(0, Date.parse(due) - h.leadMs - Date.now()))) continue;
        remindedFor = due;
        await h.remind(r.seq);
      } else if (escalatedFor !== due) {
        if (await condition(changed, Math.max(0, Date.parse(due) - Date.now()))) continue;
        escalatedFor = due;
        r.overdue = true;
        await h.escalate(r.seq);
      } else {
        await condition(changed);
      }
    }
  }
}
