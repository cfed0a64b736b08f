import { allHandlersFinished, condition, continueAsNew, patched, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import { DECISION_ACTIVITY, PAYMENT_ACTIVITY } from './activity-options';
import { waitBounded } from './continue-as-new';
import { invalidInput, type ImplementationStart } from './contracts';
import { DEADLINE_REMINDERS, remind, remindersAhead } from './deadline-reminders';
import { Implementation } from './implementation-state';
import { watchReport } from './implementation-watch';
import { ProjectStageKey } from './search-attributes';
import type { ImplementationActivities } from '../activities/implementation.activities';
import type { DecisionGate } from './decision-gate';
import type { Actor, ChangeInput, EvaluationKind, ImplementationInput, ImplementationState, ReportInput } from './messages';
import type { ProjectStage } from './rules';

const act = proxyActivities<ImplementationActivities>(DECISION_ACTIVITY);
const { payTranche } = proxyActivities<ImplementationActivities>(PAYMENT_ACTIVITY);

type Decided<T> = Promise<T>;

/** patched() id: the stage search attribute is cleared before continuing as new. */
export const CLEAR_STAGE_ON_CONTINUE = 'clear-stage-on-continue-as-new';

/**
 * A funded project's decisions and timers: what each decision does once its checks (in
 * Implementation) pass and its turn has come, the report watchers, the rectification deadline
 * and the closeout. Everything it knows is in Implementation, so that a run can continue as new.
 */
export class ImplementationCase extends Implementation {
  private readonly background: Promise<unknown>[] = [];
  private activeTimers = 0;

  constructor(
    input: ImplementationInput,
    private readonly gate: DecisionGate,
    start?: ImplementationStart,
  ) {
    super(input, start);
    upsertSearchAttributes([{ key: ProjectStageKey, value: this.state.stage }]);
  }

  private get id() {
    return this.input.applicationId;
  }

  private setStage(stage: ProjectStage): void {
    this.state.stage = stage;
    upsertSearchAttributes([{ key: ProjectStageKey, value: stage }]);
  }

  /** A timer's activity (reminder, escalation, rectification notice): counted so a continue-as-new waits for it. */
  private async timed<T>(fn: () => Promise<T>): Promise<T> {
    this.activeTimers++;
    try {
      return await fn();
    } finally {
      this.activeTimers--;
    }
  }

  // ---- tranches: requested by one finance officer, approved by another (or the manager), paid once;
  // a due or requested tranche may instead be cancelled by the manager, with a reason.

  async requestTranche({ actor, seq }: { actor: Actor; seq: number }): Decided<ImplementationState> {
    await act.markTrancheRequested({ applicationId: this.id, seq, actor });
    this.moveLedger({ kind: 'request', seq, by: actor.userId });
    return this.state;
  }

  async approveTranche({ actor, seq }: { actor: Actor; seq: number }): Decided<ImplementationState> {
    await payTranche({ applicationId: this.id, seq, requestedById: this.tranche(seq).requestedById!, approver: actor });
    this.moveLedger({ kind: 'pay', seq });
    return this.state;
  }

  async cancelTranche({ actor, seq, reason }: { actor: Actor; seq: number; reason: string }): Decided<ImplementationState> {
    await act.cancelTranche({ applicationId: this.id, seq, reason, actor });
    this.moveLedger({ kind: 'cancel', seq });
    return this.state;
  }

  // ---- reports

  async submitReport({ actor, seq, report }: { actor: Actor; seq: number; report: ReportInput }): Decided<ImplementationState> {
    await act.saveReport({ applicationId: this.id, seq, report, actor });
    this.report(seq).status = 'SUBMITTED';
    return this.state;
  }

  async reviewReport(i: {
    actor: Actor;
    seq: number;
    decision: 'ACCEPT' | 'RETURN';
    note: string;
    revisionDeadline?: string;
  }): Decided<ImplementationState> {
    await act.reviewReport({ applicationId: this.id, ...i });
    const r = this.report(i.seq);
    r.status = i.decision === 'ACCEPT' ? 'ACCEPTED' : 'RETURNED';
    r.revisionDeadline = i.decision === 'RETURN' ? i.revisionDeadline : undefined;
    if (i.decision === 'ACCEPT') r.overdue = false;
    if (i.decision === 'ACCEPT' && r.kind === 'FINAL' && this.state.stage === 'IMPLEMENTATION') {
      await act.setStage({ applicationId: this.id, from: this.state.stage, to: 'FINAL_EVALUATION', reason: '结项报告已通过审核' });
      this.setStage('FINAL_EVALUATION');
    }
    return this.state;
  }

  // ---- change requests (项目变更)

  async requestChange({ actor, change }: { actor: Actor; change: ChangeInput }) {
    const { needsApproval } = this.assessChange(change);
    const r = await act.recordChange({ applicationId: this.id, change, needsApproval, actor });
    if (!needsApproval) this.applyChange(change);
    return { changeId: r.changeId, status: r.status, needsApproval };
  }

  async decideChange({ actor, changeId, approve, reason }: { actor: Actor; changeId: string; approve: boolean; reason: string }) {
    const r = await act.decideChange({ applicationId: this.id, changeId, approve, reason, actor });
    if (approve && r.change) this.applyChange(r.change);
    return { changeId, status: r.status };
  }

  // ---- evaluations

  async assignEvaluator({ actor, evaluatorId }: { actor: Actor; evaluatorId: string }): Decided<ImplementationState> {
    const r = await act.assignEvaluator({ applicationId: this.id, evaluatorId, actor });
    if (!r.assigned)
      throw invalidInput([
        { field: 'evaluatorId', rule: 'activeEvaluator', message: 'evaluatorId: 该账号不是有效的评估人员 / not an active evaluator' },
      ]);
    this.state.evaluatorId = evaluatorId;
    return this.state;
  }

  async fileEvaluation(e: {
    actor: Actor;
    kind: EvaluationKind;
    scores: Record<string, number>;
    comments: Record<string, string>;
    summary: string;
  }) {
    const scored = this.scoreEvaluation(e.kind, e.scores);
    const attempt = this.attemptFor(e.kind);
    await act.saveEvaluation({
      applicationId: this.id,
      kind: e.kind,
      attempt,
      actor: e.actor,
      scores: e.scores,
      comments: e.comments,
      summary: e.summary,
      total: scored.total,
      grade: scored.grade,
    });
    this.state.evaluations.push({ kind: e.kind, attempt, grade: scored.grade });
    if (e.kind === 'MIDTERM') await this.afterMidterm(scored.grade === 'FAIL', attempt);
    return scored;
  }

  private async afterMidterm(failed: boolean, attempt: number): Promise<void> {
    if (!failed) {
      await act.makeTrancheDue({ applicationId: this.id, stage: 'MIDTERM_PASSED' });
      this.moveLedger({ kind: 'conditionMet', stage: 'MIDTERM_PASSED' });
      if (this.state.stage === 'RECTIFICATION') {
        await act.setStage({ applicationId: this.id, from: 'RECTIFICATION', to: 'IMPLEMENTATION', reason: '整改后复评合格' });
        this.setStage('IMPLEMENTATION');
      }
    } else if (attempt === 1) {
      const deadline = new Date(Date.now() + this.timing.rectificationMs).toISOString();
      await act.setStage({
        applicationId: this.id,
        from: this.state.stage,
        to: 'RECTIFICATION',
        reason: `中期评估不合格，限期整改至 ${deadline}`,
        rectificationDeadline: deadline,
      });
      this.state.rectificationDeadline = deadline;
      this.setStage('RECTIFICATION');
      this.watchRectification();
    } else {
      await this.terminate({ reason: '中期评估整改后复评仍不合格，依协议终止项目', actorId: null });
    }
  }

  async terminateProject({ actor, reason }: { actor: Actor; reason: string }): Decided<ImplementationState> {
    await this.terminate({ reason, actorId: actor.userId, role: actor.role });
    return this.state;
  }

  private async terminate({ reason, actorId, role }: { reason: string; actorId: string | null; role?: string }): Promise<void> {
    await act.terminate({ applicationId: this.id, reason, actorId, actorRole: role ?? 'SYSTEM', from: this.state.stage });
    this.moveLedger({ kind: 'terminate' });
    this.setStage('TERMINATED');
  }

  // ---- timers: report reminders and escalation, the rectification deadline

  /** Starts the timers of this run (on a continued run, where the last one left them). */
  startTimers(): void {
    for (const report of this.state.reports) {
      const marks = (this.watchMarks[String(report.seq)] ??= {});
      this.background.push(
        watchReport({
          report,
          marks,
          leadMs: this.timing.reminderLeadMs,
          stopped: () => this.ended(),
          remind: (seq) => this.timed(() => act.remindReport({ applicationId: this.id, seq })),
          escalate: (seq) => this.timed(() => act.escalateReport({ applicationId: this.id, seq })),
        }),
      );
    }
    if (this.state.stage === 'RECTIFICATION') this.watchRectification();
  }

  /** At the deadline, a project still in rectification is due for its re-evaluation. */
  private watchRectification(): void {
    const deadline = this.state.rectificationDeadline;
    if (!deadline || this.rectificationNoticeSent) return;
    const ms = Math.max(0, Date.parse(deadline) - Date.now());
    if (patched(DEADLINE_REMINDERS)) this.background.push(this.remindBeforeRectificationDeadline(deadline));
    this.background.push(
      condition(() => this.state.stage !== 'RECTIFICATION', ms).then(async (resolved) => {
        if (resolved || this.rectificationNoticeSent) return;
        this.rectificationNoticeSent = true;
        await this.timed(() => act.rectificationDue({ applicationId: this.id, deadline }));
      }),
    );
  }

  /** 截止提醒 of the rectification deadline, at the round's shortest lead, unless the project has left rectification. */
  private async remindBeforeRectificationDeadline(deadline: string): Promise<void> {
    const { leadsMs } = await this.timed(() => remind.loadReminderPlan({ roundId: this.input.roundId }));
    const [r] = remindersAhead(deadline, leadsMs.length > 0 ? [Math.min(...leadsMs)] : [], Date.now());
    if (!r) return;
    const left = await condition(() => this.state.stage !== 'RECTIFICATION', Date.parse(r.at) - Date.now());
    if (left) return;
    await this.timed(() => remind.remindRectification({ applicationId: this.id, deadline, leadMs: r.leadMs }));
  }

  // ---- closeout: the three final evaluations, then the final tranche (or its withholding), then
  // closing once every tranche is paid, cancelled or withheld

  /** Runs the project to its end; continues as new on the way when the history grows long. */
  async runToEnd(): Promise<ImplementationState> {
    if (
      this.closeoutBegun ||
      (await this.systemStep(
        () => this.readyForCloseout(),
        () => this.beginCloseout(),
      ))
    ) {
      await this.systemStep(
        () => this.readyToClose(),
        () => this.close(),
      );
    }
    await Promise.all(this.background);
    await condition(allHandlersFinished);
    return this.state;
  }

  private async beginCloseout(): Promise<void> {
    const outcome = await act.beginCloseout({ applicationId: this.id });
    this.moveLedger(outcome.releaseFinalTranche ? { kind: 'conditionMet', stage: 'CLOSEOUT' } : { kind: 'withhold', stage: 'CLOSEOUT' });
    this.closeoutBegun = true;
    if (outcome.releaseFinalTranche) this.setStage('CLOSING');
  }

  private async close(): Promise<void> {
    await act.closeout({ applicationId: this.id, from: this.state.stage });
    this.setStage('CLOSED');
  }

  /**
   * A step the workflow takes itself once `ready()` (or already taken by an earlier run): it
   * waits until no decision is running or waiting, then takes its turn at the gate like a
   * decision, so that no termination or payment runs beside it. False when the project ended first.
   */
  private async systemStep(ready: () => boolean, effect: () => Promise<void>): Promise<boolean> {
    for (;;) {
      if (this.ended()) return false;
      await waitBounded(() => this.ended() || ready(), {
        gate: this.gate,
        historyLimit: this.timing.historyLimit,
        // A reminder or notice being sent finishes before the run continues as new.
        idle: () => this.activeTimers === 0,
        restart: () => this.restart(),
      });
      await condition(() => this.gate.idle() || this.ended());
      const done = await this.gate.decide(
        () => undefined,
        async () => {
          if (this.ended() || !ready()) return false;
          await effect();
          return true;
        },
      );
      if (done) return !this.ended();
    }
  }

  /**
   * Continues as new with everything the run knows. The closed run must not claim a live stage in
   * stage queries; runs that continued as new before this was added replay without the upsert
   * (see README, 安全修改工作流).
   */
  private restart(): Promise<never> {
    if (patched(CLEAR_STAGE_ON_CONTINUE)) upsertSearchAttributes([{ key: ProjectStageKey, value: null }]);
    return continueAsNew<(i: ImplementationInput) => Promise<ImplementationState>>({ ...this.input, carried: this.carried() });
  }
}
