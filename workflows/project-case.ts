import {
  allHandlersFinished,
  condition,
  continueAsNew,
  makeContinueAsNewFunc,
  patched,
  proxyActivities,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { DECISION_ACTIVITY, PDF_ACTIVITY } from './activity-options';
import { waitBounded } from './continue-as-new';
import { forbidden, invalidInput, invalidTransition } from './contracts';
import { DEADLINE_REMINDERS, remind, remindersAhead } from './deadline-reminders';
import {
  Actor,
  EligibilityDecision,
  MAX_OBJECTIONS_PER_RULING,
  OBJECTION_RULINGS,
  ObjectionRuling,
  PanelSlot,
  ProjectState,
  ProjectWorkflowInput,
  RECEIPT_GRACE_MS,
  RoundEvent,
  ScoresInput,
} from './messages';
import { requireDecider, requireReason } from './refusals';
import { eligibilityDecisionErrors, MONEY_PATTERN, totalScore } from './rules';
import { FINAL_PROJECT_STAGES, PROJECT_STAGE_LABELS, ProjectStage, stageAfterRoundEvent } from './rules/stages';
import { OrganizationIdKey, ProjectStageKey, RegionCodeKey, RoundIdKey } from './search-attributes';
import type { NoticeActivities } from '../activities/notice.activities';
import type { ObjectionActivities } from '../activities/objections.activities';
import type { PanelActivities } from '../activities/panel.activities';
import type { ProjectActivities } from '../activities/projects.activities';
import type { DecisionGate } from './decision-gate';
import type { implementationWorkflow } from './implementation.workflow';

const act = proxyActivities<ProjectActivities & PanelActivities & NoticeActivities & ObjectionActivities>(DECISION_ACTIVITY);
/** Signing issues the agreement's PDF first, which may start the worker's browser. */
const signing = proxyActivities<Pick<ProjectActivities, 'signAgreement'>>(PDF_ACTIVITY);

const label = (s: ProjectStage) => PROJECT_STAGE_LABELS[s].zh;

/** How long a decision about the panel waits for the round's news before it is refused. */
const PANEL_WAIT = '5 minutes';

/**
 * patched() id: a decision about the panel that arrives before the round's news reads the panel
 * from PostgreSQL instead of waiting for the news (see README, 安全修改工作流).
 */
export const PANEL_FROM_DATABASE = 'panel-from-database';

type Objection = { applicationId: string; name: string; contact: string; reason: string };
type Ruling = { actor: Actor; objectionId: string; decision: ObjectionRuling; ruling: string };
type Rulings = { actor: Actor; objectionIds: string[]; decision: ObjectionRuling; ruling: string };
type AwardCut = { actor: Actor; applicationId: string; amount: string; reason: string };

/**
 * One application from submission to signed agreement, with every decision about it: the
 * eligibility review, its experts' scores and declines, a cut of its award, objections against
 * it and their rulings, the signatures. Each application has its own workflow, so decisions
 * about different applications never wait for each other. The round tells the project of
 * round-wide steps by signal (`hear`); what the project needs for its checks (its panel, the
 * rubric, the notice period) arrives with the signal and is known at once.
 */
export class ProjectCase {
  readonly state: ProjectState;
  private readonly heard: RoundEvent['type'][];
  private readonly inbox: RoundEvent[];
  /**
   * The stage a round-wide step being recorded moves to. PostgreSQL shows it as soon as the step
   * commits, a moment before the step reports back: a decision it allows, sent in that moment by
   * someone who read it (the applicant signing once 立项 shows), is let in and checked at its turn.
   */
  private moving?: ProjectStage;

  constructor(
    private readonly input: ProjectWorkflowInput,
    private readonly gate: DecisionGate,
  ) {
    const c = input.carried;
    this.state = c?.state ?? { applicationId: input.applicationId, stage: 'DRAFT', submissionCount: 0, signedBy: {} };
    this.heard = c?.heard ?? [];
    this.inbox = c?.inbox ?? [];
  }

  private get ids() {
    return { roundId: this.input.roundId, applicationId: this.input.applicationId };
  }

  private setStage(stage: ProjectStage): void {
    this.state.stage = stage;
    upsertSearchAttributes([{ key: ProjectStageKey, value: stage }]);
  }

  /** A round-wide step, heard once (a retried fan-out may repeat it); its stage is recorded in turn. */
  hear(e: RoundEvent): void {
    if (this.heard.includes(e.type)) return;
    this.heard.push(e.type);
    // A panel already read from the database (a score sent before the news) keeps its slots.
    if (e.type === 'EXPERT_REVIEW_STARTED' && !this.state.panel) {
      this.state.panel = e.expertIds.map((expertId) => ({ expertId, status: 'ASSIGNED' }));
      this.state.rubric = e.rubric;
    }
    if (e.type === 'NOTICE_PUBLISHED') this.state.noticeEndsAt = e.noticeEndsAt;
    this.inbox.push(e);
  }

  // ---- application and eligibility

  checkSubmit({ actor, receivedAt }: { actor: Actor; receivedAt?: string }): void {
    requireDecider(actor, 'submitApplication');
    if (!actor.organizationIds.includes(this.input.organizationId))
      throw forbidden('只有申报单位本单位人员可以提交 / not a member of the applying organization');
    const at = submittedAt(receivedAt);
    const { stage } = this.state;
    if (stage === 'DRAFT') {
      if (at >= Date.parse(this.input.roundClosesAt))
        throw invalidTransition('申报已截止，不能提交 / the application window has closed', stage);
    } else if (stage === 'RETURNED') {
      if (at >= Date.parse(this.state.revisionDeadline!)) throw invalidTransition('补正期限已过 / the revision deadline has passed', stage);
    } else {
      throw invalidTransition(`当前阶段（${label(stage)}）不能提交，申报书已提交 / already submitted`, stage);
    }
  }

  async submit({ actor }: { actor: Actor }): Promise<ProjectState> {
    const r = await act.recordSubmission({ applicationId: this.input.applicationId, actor, submissionNo: this.state.submissionCount + 1 });
    this.state.submissionCount += 1;
    this.state.revisionDeadline = undefined;
    this.setStage(r.stage);
    return this.state;
  }

  checkEligibility(d: { actor: Actor } & EligibilityDecision): void {
    requireDecider(d.actor, 'decideEligibility');
    if (this.state.stage !== 'ELIGIBILITY_REVIEW') {
      throw invalidTransition(
        `当前阶段（${label(this.state.stage)}）不能作资格审查决定 / not awaiting eligibility review`,
        this.state.stage,
      );
    }
    // Every missing or wrong field at once: a return without reason and deadline names both.
    const errors = eligibilityDecisionErrors(d, Date.now());
    if (errors.length > 0) throw invalidInput(errors);
  }

  async decideEligibility(d: { actor: Actor } & EligibilityDecision): Promise<ProjectState> {
    const r = await act.applyEligibilityDecision({
      applicationId: this.input.applicationId,
      ...d,
      submissionNo: this.state.submissionCount,
    });
    if (d.decision === 'RETURN') this.state.revisionDeadline = d.revisionDeadline;
    if (d.decision === 'PASS') this.state.eligibilityDecidedBy = d.actor.userId;
    this.setStage(r.stage);
    return this.state;
  }

  // ---- the expert panel: each expert scores or declines their own assignment

  private openSlot(applicationId: string, expertId: string): PanelSlot {
    const slot = applicationId === this.input.applicationId ? this.state.panel?.find((s) => s.expertId === expertId) : undefined;
    if (!slot) throw forbidden('该申报未分配给您评审 / not assigned to you');
    if (slot.status !== 'ASSIGNED') {
      throw invalidTransition(
        slot.status === 'SUBMITTED' ? '评分已提交，不能修改 / scores are final' : '您已回避该申报 / you declined this assignment',
        this.state.stage,
      );
    }
    return slot;
  }

  private total(scores: Record<string, number>): string {
    const r = totalScore(this.state.rubric!, scores);
    if (!r.ok) throw invalidInput(r.errors);
    return r.total;
  }

  /**
   * The panel arrives with the round's news. A decision sent before the project has heard it (a
   * round of 2,000 is told over a minute or more, while its experts already score) reads the
   * panel the round formed from PostgreSQL and is checked in full at once; it is neither refused
   * nor kept waiting for the news. Runs recorded before that waited for the news.
   */
  private async panelKnown(): Promise<void> {
    if (this.state.panel) return;
    if (patched(PANEL_FROM_DATABASE)) {
      const formed = await act.loadPanel(this.ids);
      if (formed && !this.state.panel) {
        this.state.panel = formed.panel;
        this.state.rubric = formed.rubric;
      }
      if (this.state.panel) return;
    }
    if (!(await condition(() => this.state.panel !== undefined, PANEL_WAIT))) throw forbidden('该申报未分配给您评审 / not assigned to you');
  }

  checkScores(s: ScoresInput): void {
    requireDecider(s.actor, 'submitScores');
    if (!this.state.panel) return; // checked in full once the panel is known
    this.openSlot(s.applicationId, s.actor.userId);
    this.total(s.scores); // a field-level refusal for scores outside the rubric
  }

  async submitScores(s: ScoresInput): Promise<{ total: string }> {
    await this.panelKnown();
    this.checkScores(s);
    const total = this.total(s.scores);
    await act.saveScores({ ...this.ids, actor: s.actor, scores: s.scores, comments: s.comments, total });
    this.openSlot(s.applicationId, s.actor.userId).status = 'SUBMITTED';
    return { total };
  }

  checkDecline({ actor, applicationId, reason }: { actor: Actor; applicationId: string; reason: string }): void {
    requireDecider(actor, 'declineAssignment');
    requireReason(reason);
    if (this.state.panel) this.openSlot(applicationId, actor.userId);
  }

  async decline({
    actor,
    applicationId,
    reason,
  }: {
    actor: Actor;
    applicationId: string;
    reason: string;
  }): Promise<{ replacementExpertId: string }> {
    await this.panelKnown();
    this.checkDecline({ actor, applicationId, reason });
    const r = await act.replaceAssignment({ ...this.ids, reason, actor });
    this.openSlot(applicationId, actor.userId).status = 'DECLINED';
    this.state.panel!.push({ expertId: r.replacementExpertId, status: 'ASSIGNED' });
    return r;
  }

  // ---- the ranking: a manager may lower this application's award before the notice

  checkAwardCut({ actor, applicationId, amount, reason }: AwardCut): void {
    requireDecider(actor, 'adjustAward');
    requireReason(reason);
    if (typeof amount !== 'string' || !MONEY_PATTERN.test(amount))
      throw invalidInput([{ field: 'amount', rule: 'isMoney', message: 'amount: 金额格式不正确 / invalid amount' }]);
    // The phase itself (ranked, not yet on notice) is checked under the round's lock by the activity.
    if (applicationId !== this.input.applicationId || !this.state.panel || this.heard.includes('NOTICE_PUBLISHED')) {
      throw invalidTransition('仅可在评审排序后、公示前调整资助金额 / awards are adjusted between ranking and notice', this.state.stage);
    }
  }

  cutAward(u: AwardCut): Promise<{ applicationId: string; award: string }> {
    return act.adjustAward({ ...this.ids, amount: u.amount, reason: u.reason, actor: u.actor });
  }

  // ---- the notice: objections from the public, rulings by a reviewer other than the one who passed it

  checkObjection(o: Objection): void {
    const ends = this.state.noticeEndsAt;
    // The round tells its projects of the notice just after publishing it: an objection filed in
    // that moment finds this project still ranked, and the activity checks the round and the list
    // in the database under the round's lock.
    const mayBeListed = ends !== undefined || this.state.stage === 'RANKED';
    if (o.applicationId !== this.input.applicationId || !mayBeListed || FINAL_PROJECT_STAGES.includes(this.state.stage)) {
      throw invalidTransition('该项目不在公示名单中 / not on the notice list', this.state.stage);
    }
    if (ends && Date.now() >= Date.parse(ends))
      throw invalidTransition('公示期已结束，不再受理异议 / the notice period has ended', this.state.stage);
    const missing = (['name', 'contact', 'reason'] as const).filter((f) => typeof o[f] !== 'string' || o[f].trim().length < 2);
    if (missing.length)
      throw invalidInput(missing.map((f) => ({ field: f, rule: 'required', message: `${f}: 必填（至少2个字）/ required` })));
  }

  async fileObjection(o: Objection): Promise<{ objectionId: string }> {
    const r = await act.saveObjection({ ...this.ids, name: o.name, contact: o.contact, reason: o.reason });
    (this.state.objections ??= []).push({ objectionId: r.objectionId, status: 'FILED' });
    return r;
  }

  checkRuling({ actor, objectionId, decision, ruling }: Ruling): void {
    requireDecider(actor, 'ruleObjection');
    requireReason(ruling, 'ruling');
    if (!OBJECTION_RULINGS.includes(decision))
      throw invalidInput([{ field: 'decision', rule: 'isIn', message: 'decision: 须为 UPHELD 或 DISMISSED' }]);
    const o = this.state.objections?.find((x) => x.objectionId === objectionId);
    if (!o) throw invalidTransition('异议不存在 / no such objection', this.state.stage);
    if (o.status !== 'FILED') throw invalidTransition('该异议已处理 / already ruled on', this.state.stage);
    if (this.state.eligibilityDecidedBy === actor.userId) {
      throw forbidden('原资格审查决定人不能处理针对该项目的异议，须由其他审核人员处理 / the original decision-maker may not rule');
    }
  }

  async rule({ actor, objectionId, decision, ruling }: Ruling): Promise<{ objectionId: string; status: ObjectionRuling }> {
    const r = await act.saveObjectionRuling({ ...this.ids, objectionId, decision, ruling, actor });
    this.state.objections!.find((x) => x.objectionId === objectionId)!.status = decision;
    if (decision === 'UPHELD') this.setStage('REMOVED_BY_OBJECTION');
    return r;
  }

  checkRulings({ actor, objectionIds, decision, ruling }: Rulings): void {
    requireDecider(actor, 'ruleObjections');
    requireReason(ruling, 'ruling');
    if (!OBJECTION_RULINGS.includes(decision))
      throw invalidInput([{ field: 'decision', rule: 'isIn', message: 'decision: 须为 UPHELD 或 DISMISSED' }]);
    const ids = Array.isArray(objectionIds) ? objectionIds : [];
    if (ids.length === 0 || ids.length > MAX_OBJECTIONS_PER_RULING || new Set(ids).size !== ids.length)
      throw invalidInput([
        {
          field: 'objectionIds',
          rule: 'arrayUnique',
          message: `objectionIds: 须为 1 至 ${MAX_OBJECTIONS_PER_RULING} 个不重复的异议 / 1 to ${MAX_OBJECTIONS_PER_RULING} distinct objections`,
        },
      ]);
    if (this.state.eligibilityDecidedBy === actor.userId) {
      throw forbidden('原资格审查决定人不能处理针对该项目的异议，须由其他审核人员处理 / the original decision-maker may not rule');
    }
  }

  /**
   * The activity rules on the objections in PostgreSQL (each must still be FILED and against this
   * application) and answers how many remain; the workflow keeps only that number, so its history
   * grows per ruling, never per objection filed.
   */
  async ruleMany(u: Rulings): Promise<{ objectionIds: string[]; status: ObjectionRuling; pending: number }> {
    const r = await act.saveObjectionRulings({ ...this.ids, ...u });
    for (const o of this.state.objections ?? []) if (u.objectionIds.includes(o.objectionId)) o.status = u.decision;
    this.state.pendingObjections = r.pending;
    if (u.decision === 'UPHELD') this.setStage('REMOVED_BY_OBJECTION');
    return { objectionIds: u.objectionIds, status: u.decision, pending: r.pending };
  }

  // ---- the agreement

  checkSign({ actor }: { actor: Actor }): void {
    requireDecider(actor, 'signAgreement');
    if (this.state.stage !== 'APPROVED' && this.moving !== 'APPROVED')
      throw invalidTransition(`当前阶段（${label(this.state.stage)}）不能签署协议 / no agreement awaits signing`, this.state.stage);
    if (actor.role === 'APPLICANT' && !actor.organizationIds.includes(this.input.organizationId))
      throw forbidden('只有乙方（申报单位）人员可以代表乙方签署 / not a member of the organization');
    if (this.state.signedBy[actor.role === 'APPLICANT' ? 'applicant' : 'bureau'])
      throw invalidTransition('该方已签署 / this party has already signed', this.state.stage);
  }

  async sign({ actor }: { actor: Actor }): Promise<ProjectState> {
    const party = actor.role === 'APPLICANT' ? 'applicant' : 'bureau';
    const r = await signing.signAgreement({ applicationId: this.input.applicationId, actor, party });
    this.state.signedBy[party] = actor.userId;
    this.setStage(r.stage);
    return this.state;
  }

  // ---- the case's own course

  async runToEnd(): Promise<ProjectState> {
    upsertSearchAttributes([
      { key: RoundIdKey, value: this.input.roundId },
      { key: RegionCodeKey, value: this.input.regionCode },
      { key: OrganizationIdKey, value: this.input.organizationId },
      { key: ProjectStageKey, value: this.state.stage },
    ]);
    const ongoing = () => !FINAL_PROJECT_STAGES.includes(this.state.stage) && this.state.stage !== 'AGREEMENT_SIGNED';
    while (ongoing()) {
      const seen = this.state.stage;
      const event = this.inbox.shift();
      if (event) {
        await this.gate.decide(
          () => undefined,
          () => this.apply(event),
        );
      } else if (seen === 'RETURNED') {
        if (patched(DEADLINE_REMINDERS) && (await this.remindBeforeRevisionDeadline())) continue;
        const acted = await this.wait(() => this.inbox.length > 0 || this.state.stage !== seen, this.state.revisionDeadline);
        if (!acted)
          await this.gate.decide(
            () => undefined,
            () => this.withdrawIfStillReturned(),
          );
      } else {
        await this.wait(() => this.inbox.length > 0 || this.state.stage !== seen);
      }
    }
    // Objections filed before a removal are still ruled on here (no objection is filed once the
    // project is off the list or the round is approved, so the last ruling's count is final).
    await this.wait(
      () => this.gate.idle() && !this.state.objections?.some((o) => o.status === 'FILED') && !((this.state.pendingObjections ?? 0) > 0),
    );
    await condition(allHandlersFinished);
    if (this.state.stage !== 'AGREEMENT_SIGNED') return this.state;
    // The year-long implementation runs as a fresh history under the same workflow id; the
    // closed run no longer claims a stage.
    upsertSearchAttributes([{ key: ProjectStageKey, value: null }]);
    const toImplementation = makeContinueAsNewFunc<typeof implementationWorkflow>({ workflowType: 'implementationWorkflow' });
    return toImplementation({
      applicationId: this.input.applicationId,
      roundId: this.input.roundId,
      organizationId: this.input.organizationId,
      regionCode: this.input.regionCode,
    });
  }

  private async apply(e: RoundEvent): Promise<void> {
    if (!this.ongoingFor(e)) return;
    this.moving = stageAfterRoundEvent(e);
    try {
      const r = await act.applyRoundEvent({ applicationId: this.input.applicationId, event: e, from: this.state.stage });
      if (e.type === 'FUNDING_DECIDED') {
        this.state.award = e.award;
        this.state.rank = e.rank;
      }
      this.setStage(r.stage);
    } finally {
      this.moving = undefined;
    }
  }

  /** A removed project hears no more of the round. */
  private ongoingFor(_e: RoundEvent): boolean {
    return !FINAL_PROJECT_STAGES.includes(this.state.stage);
  }

  /**
   * 截止提醒 of a revision deadline: at each of the round's leads still ahead, unless the applicant
   * acts first (true: something happened, the course goes on from there).
   */
  private async remindBeforeRevisionDeadline(): Promise<boolean> {
    const deadline = this.state.revisionDeadline;
    if (!deadline) return false;
    const { leadsMs } = await remind.loadReminderPlan({ roundId: this.input.roundId });
    for (const r of remindersAhead(deadline, leadsMs, Date.now())) {
      if (Date.parse(r.at) <= Date.now()) continue;
      if (await this.wait(() => this.inbox.length > 0 || this.state.stage !== 'RETURNED', r.at)) return true;
      await remind.remindRevision({ applicationId: this.input.applicationId, deadline, leadMs: r.leadMs });
    }
    return false;
  }

  private async withdrawIfStillReturned(): Promise<void> {
    if (this.state.stage !== 'RETURNED' || Date.now() < Date.parse(this.state.revisionDeadline!)) return;
    const r = await act.withdrawApplication({ applicationId: this.input.applicationId, submissionNo: this.state.submissionCount });
    this.setStage(r.stage);
  }

  private wait(done: () => boolean, until?: string): Promise<boolean> {
    return waitBounded(done, { gate: this.gate, until, restart: () => this.restart() });
  }

  private restart(): Promise<never> {
    upsertSearchAttributes([{ key: ProjectStageKey, value: null }]);
    const carried = { state: this.state, heard: this.heard, inbox: this.inbox };
    return continueAsNew<(i: ProjectWorkflowInput) => Promise<ProjectState>>({ ...this.input, carried });
  }
}

/** The moment a submission counts from: the API's receipt time when it is recent and not in the future, else now. */
function submittedAt(receivedAt: string | undefined): number {
  const now = Date.now();
  const t = receivedAt ? Date.parse(receivedAt) : NaN;
  return Number.isFinite(t) && t <= now && now - t <= RECEIPT_GRACE_MS ? t : now;
}
