import { forbidden, invalidInput, invalidTransition, type ImplementationStart } from './contracts';
import { requireReason, requireRole, requireDecider } from './refusals';
import {
  assessExtension,
  assessReallocation,
  MONEY_PATTERN,
  scoreEvaluation,
  AWAITED_REPORT_STATUSES,
  IN_TERM_STAGES,
  PROJECT_END_STAGES,
  EVALUATION_RUBRICS,
  FINAL_EVALUATION_KINDS,
  EVALUATION_FILERS,
  reportReviewErrors,
} from './rules';
import { applyLedger, ledgerClosable, ledgerRefusal, type LedgerEvent } from './rules/tranche-ledger';
import type {
  Actor,
  ChangeInput,
  EvaluationKind,
  ImplementationCarried,
  ImplementationInput,
  ImplementationState,
  ImplementationTiming,
  ReportInput,
  ReportState,
  TrancheState,
} from './messages';

/**
 * The implementation phase's state and the checks its validators make; no activities. Built
 * from the agreement's start on the first run, or from what the previous run carried.
 */
export class Implementation {
  readonly state: ImplementationState;
  protected budgetLines: ImplementationStart['budgetLines'];
  readonly timing: ImplementationTiming;
  /** Per report seq: the due instants already reminded of and escalated for (carried across runs). */
  readonly watchMarks: ImplementationCarried['watch'];
  rectificationNoticeSent: boolean;
  closeoutBegun: boolean;

  constructor(
    protected readonly input: ImplementationInput,
    start?: ImplementationStart,
  ) {
    const c = input.carried;
    if (c) {
      this.state = c.state;
      this.budgetLines = c.budgetLines as ImplementationStart['budgetLines'];
      this.timing = c.timing;
      this.watchMarks = c.watch;
      this.rectificationNoticeSent = c.rectificationNoticeSent;
      this.closeoutBegun = c.closeoutBegun;
      return;
    }
    if (!start) throw new Error('a first run starts from the agreement');
    this.state = {
      applicationId: input.applicationId,
      stage: start.stage,
      tranches: start.tranches,
      reports: start.reports,
      evaluations: [],
      evaluatorId: start.evaluatorId ?? undefined,
      termEndsAt: start.termEndsAt,
    };
    this.budgetLines = start.budgetLines;
    this.timing = { ...start.timing, historyLimit: start.timing.historyLimit ?? 0 };
    this.watchMarks = {};
    this.rectificationNoticeSent = false;
    this.closeoutBegun = false;
  }

  /** What the next run needs to go on exactly where this one stops. */
  carried(): ImplementationCarried {
    return {
      state: this.state,
      budgetLines: this.budgetLines,
      timing: this.timing,
      watch: this.watchMarks,
      rectificationNoticeSent: this.rectificationNoticeSent,
      closeoutBegun: this.closeoutBegun,
    };
  }

  ended(): boolean {
    return PROJECT_END_STAGES.includes(this.state.stage);
  }

  requireOpen(): void {
    if (this.ended())
      throw invalidTransition(`项目已${this.state.stage === 'TERMINATED' ? '终止' : '结项'} / the project has ended`, this.state.stage);
  }

  tranche(seq: number): TrancheState {
    return this.state.tranches.find((t) => t.seq === seq)!;
  }

  /** Moves the tranches through the ledger's state machine, the only way they change. */
  moveLedger(e: LedgerEvent): void {
    this.state.tranches = applyLedger(this.state.tranches, e);
  }

  private requireLedger(e: LedgerEvent): void {
    const refused = ledgerRefusal(this.state.tranches, e);
    if (!refused) return;
    throw invalidTransition(refused.message, refused.status === 'NONE' ? this.state.stage : refused.status);
  }

  /** After closeout has begun, the project closes once every tranche is paid, cancelled or withheld. */
  readyToClose(): boolean {
    return this.closeoutBegun && ledgerClosable(this.state.tranches);
  }

  readyForCloseout(): boolean {
    return !this.closeoutBegun && this.state.stage === 'FINAL_EVALUATION' && this.finalEvaluationsFiled();
  }

  // ---- the checks of each decision, run by the validator and again when its turn comes

  checkRequestTranche({ actor, seq }: { actor: Actor; seq: number }): void {
    requireDecider(actor, 'requestTranche');
    this.requireOpen();
    this.requireLedger({ kind: 'request', seq, by: actor.userId });
  }

  checkApproveTranche({ actor, seq }: { actor: Actor; seq: number }): void {
    requireDecider(actor, 'approveTranche');
    this.requireOpen();
    this.requireLedger({ kind: 'pay', seq });
    if (this.tranche(seq).requestedById === actor.userId)
      throw forbidden('申请人与审批人不能为同一人 / the officer who requested a release may not approve it');
  }

  checkCancelTranche({ actor, seq, reason }: { actor: Actor; seq: number; reason: string }): void {
    requireDecider(actor, 'cancelTranche');
    this.requireOpen();
    requireReason(reason);
    this.requireLedger({ kind: 'cancel', seq });
  }

  checkTerminate({ actor, reason }: { actor: Actor; reason: string }): void {
    requireDecider(actor, 'terminateProject');
    this.requireOpen();
    requireReason(reason);
  }

  checkSubmitReport({ actor, seq, report }: { actor: Actor; seq: number; report: ReportInput }): void {
    requireDecider(actor, 'submitReport');
    this.requireMember(actor);
    this.requireOpen();
    this.requireSubmittable(seq, report);
  }

  checkReviewReport({
    actor,
    seq,
    decision,
    note,
    revisionDeadline,
  }: {
    actor: Actor;
    seq: number;
    decision: string;
    note: string;
    revisionDeadline?: string;
  }): void {
    requireDecider(actor, 'reviewReport');
    this.requireOpen();
    this.requireReviewable(seq, decision, note, revisionDeadline);
  }

  checkRequestChange({ actor, change }: { actor: Actor; change: ChangeInput }): void {
    requireDecider(actor, 'requestChange');
    this.requireMember(actor);
    this.requireOpen();
    this.assessChange(change);
  }

  checkDecideChange({ actor, reason }: { actor: Actor; reason: string }): void {
    requireDecider(actor, 'decideChange');
    this.requireOpen();
    requireReason(reason);
  }

  checkAssignEvaluator({ actor }: { actor: Actor }): void {
    requireDecider(actor, 'assignEvaluator');
    this.requireOpen();
  }

  checkFileEvaluation(e: { actor: Actor; kind: EvaluationKind; scores: Record<string, number>; summary: string }): void {
    this.requireOpen();
    this.requireEvaluator(e.actor, e.kind);
    this.scoreEvaluation(e.kind, e.scores);
    requireReason(e.summary, 'summary');
  }

  report(seq: number): ReportState {
    return this.state.reports.find((r) => r.seq === seq)!;
  }

  /** After the role check: the applicant acts for this project's organization. */
  requireMember(actor: Actor): void {
    if (!actor.organizationIds.includes(this.input.organizationId))
      throw forbidden('只有承接单位人员可以执行此操作 / not a member of the organization');
  }

  requireSubmittable(seq: number, report: ReportInput): void {
    const r = this.state.reports.find((x) => x.seq === seq);
    if (!r) throw invalidTransition(`没有第 ${seq} 份报告 / no such report`, this.state.stage);
    if (!AWAITED_REPORT_STATUSES.includes(r.status)) throw invalidTransition('该报告已提交 / already submitted', r.status);
    // The final report closes the term: a mid-term evaluation the agreement ties money to must have passed first.
    if (r.kind === 'FINAL' && this.state.tranches.some((t) => t.stage === 'MIDTERM_PASSED' && t.status === 'PENDING')) {
      throw invalidTransition('中期评估合格后方可提交结项报告 / the final report follows a passed mid-term evaluation', this.state.stage);
    }
    const errors: { field: string; rule: string; message: string }[] = [];
    if (!report || typeof report.narrative !== 'string' || report.narrative.trim().length < 10)
      errors.push({ field: 'narrative', rule: 'minLength', message: 'narrative: 报告正文至少10个字' });
    if (!Array.isArray(report?.indicators) || report.indicators.length === 0)
      errors.push({ field: 'indicators', rule: 'required', message: 'indicators: 请填写指标完成情况' });
    if (!Array.isArray(report?.spending)) errors.push({ field: 'spending', rule: 'required', message: 'spending: 请填写各预算科目支出' });
    else
      report.spending.forEach((s, i) => {
        if (!MONEY_PATTERN.test(s.spent ?? ''))
          errors.push({ field: `spending.${i}.spent`, rule: 'isMoney', message: `spending.${i}.spent: 金额格式不正确` });
      });
    if (errors.length) throw invalidInput(errors);
  }

  requireReviewable(seq: number, decision: string, note: string, revisionDeadline?: string): void {
    const r = this.state.reports.find((x) => x.seq === seq);
    if (!r) throw invalidTransition(`没有第 ${seq} 份报告 / no such report`, this.state.stage);
    if (r.status !== 'SUBMITTED') throw invalidTransition('该报告不在待审核状态 / not awaiting review', r.status);
    const errors = reportReviewErrors({ decision, note, revisionDeadline }, Date.now());
    if (errors.length > 0) throw invalidInput(errors);
  }

  assessChange(change: ChangeInput): { needsApproval: boolean } {
    if (!IN_TERM_STAGES.includes(this.state.stage)) {
      throw invalidTransition('当前阶段不能申请变更 / changes are possible only during implementation', this.state.stage);
    }
    if (change.kind === 'EXTENSION') {
      const r = assessExtension(this.state.termEndsAt!, change.newEndsAt, this.timing.maxExtensionMs);
      if (!r.ok) throw invalidInput(r.errors);
      return { needsApproval: true };
    }
    const r = assessReallocation(
      this.budgetLines,
      change.budgetLines as ImplementationStart['budgetLines'],
      this.timing.changeThresholdPercent,
    );
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
      requireRole(actor, EVALUATION_FILERS[kind]);
      if (actor.userId !== this.state.evaluatorId) throw forbidden('您不是该项目指定的评估人员 / not the assigned evaluator');
      const midtermReport = this.state.reports.find((r) => r.kind === 'MIDTERM');
      if (stage === 'IMPLEMENTATION' && filed('MIDTERM').length === 0) {
        if (midtermReport && midtermReport.status !== 'ACCEPTED')
          throw invalidTransition('中期报告尚未通过审核 / the mid-term report is not accepted yet', stage);
        return;
      }
      if (stage === 'RECTIFICATION') return;
      throw invalidTransition('当前阶段不能进行中期评估 / no mid-term evaluation is due', stage);
    }
    if (stage !== 'FINAL_EVALUATION')
      throw invalidTransition('结项报告通过审核后才能进行结项评估 / final evaluations open after the final report', stage);
    if (filed(kind).length > 0) throw invalidTransition('该评估已提交 / already filed', stage);
    requireRole(actor, EVALUATION_FILERS[kind]);
    if (kind === 'FINAL_THIRD_PARTY' && actor.userId !== this.state.evaluatorId)
      throw forbidden('您不是该项目指定的评估人员 / not the assigned evaluator');
    if (kind === 'ORG_ON_GOV') this.requireMember(actor);
  }

  scoreEvaluation(kind: EvaluationKind, scores: Record<string, number>): { total: string; grade: string } {
    const r = scoreEvaluation(EVALUATION_RUBRICS[kind], scores);
    if (!r.ok) throw invalidInput(r.errors);
    return { total: r.total, grade: r.grade };
  }

  attemptFor(kind: EvaluationKind): number {
    return this.state.evaluations.filter((e) => e.kind === kind).length + 1;
  }

  finalEvaluationsFiled(): boolean {
    return FINAL_EVALUATION_KINDS.every((k) => this.state.evaluations.some((e) => e.kind === k));
  }
}
