import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { FAN_OUT_ACTIVITY, ROUND_ACTIVITY } from './activity-options';
import { waitBounded } from './continue-as-new';
import { invalidInput, invalidTransition, type RoundOutcome } from './contracts';
import { DEADLINE_REMINDERS, remind, remindersAhead } from './deadline-reminders';
import { requireDecider } from './refusals';
import { noticePeriodEnd, ROUND_STATUS_LABELS, NOTICED_ROUND_STATUSES } from './rules';
import { chinaDateTimeText } from './rules/china-date';
import { RegionCodeKey, RoundIdKey, RoundStatusKey } from './search-attributes';
import type { FanOutActivities } from '../activities/fan-out.activities';
import type { NoticeActivities } from '../activities/notice.activities';
import type { PanelActivities } from '../activities/panel.activities';
import type { RoundActivities } from '../activities/rounds.activities';
import type { DecisionGate } from './decision-gate';
import type { Actor, RoundState, RoundStepResult, RoundWorkflowInput } from './messages';
import type { RoundStatus } from './rules/stages';

const act = proxyActivities<RoundActivities & PanelActivities & NoticeActivities>(ROUND_ACTIVITY);
const fanOut = proxyActivities<FanOutActivities>(FAN_OUT_ACTIVITY);

/**
 * One funding round's phases: the application window on its timers, then the round-wide steps
 * a manager takes — panel, close of scoring, notice, approval — each checked against the phase
 * and carried out by one activity that reads and writes PostgreSQL under the round's row lock.
 * Decisions about one application (scores, declines, award cuts, objections, rulings) are taken
 * by that application's project workflow, never here: the round only moves from phase to phase
 * and tells the projects, so its history stays a few dozen events whatever the round's size.
 */
export class RoundCase {
  readonly state: RoundState;
  private noticeEnded: boolean;
  /**
   * A move the round's own timers have begun: its activity has committed it to PostgreSQL (where
   * a manager already reads it) but its result has not reached this run yet. A step that the move
   * allows is accepted meanwhile and takes its turn right after the move.
   */
  private moving?: RoundStatus;
  /** Outcomes the projects are still to be told of, in order (told after the step has answered). */
  private readonly outbox: RoundOutcome[];

  constructor(
    private readonly input: RoundWorkflowInput,
    private readonly gate: DecisionGate,
  ) {
    this.state = {
      roundId: input.roundId,
      status: input.carried?.status ?? 'PUBLISHED',
      opensAt: input.opensAt,
      closesAt: input.closesAt,
      noticeEndsAt: input.carried?.noticeEndsAt,
    };
    this.noticeEnded = input.carried?.noticeEnded ?? false;
    this.outbox = input.carried?.outbox ?? [];
  }

  // ---- checks (each update's validator, run again when its turn comes)

  private expect(...allowed: RoundStatus[]): void {
    if (!allowed.includes(this.state.status) && !(this.moving !== undefined && allowed.includes(this.moving))) {
      throw invalidTransition(
        `轮次当前为“${ROUND_STATUS_LABELS[this.state.status].zh}”，不能执行此操作 / not allowed in this round status`,
        this.state.status,
      );
    }
  }

  checkFormPanel({ actor, expertIds }: { actor: Actor; expertIds: string[] }): void {
    requireDecider(actor, 'formPanel');
    this.expect('CLOSED');
    if (!Array.isArray(expertIds) || expertIds.length === 0)
      throw invalidInput([{ field: 'expertIds', rule: 'required', message: 'expertIds: 请选择评审专家 / choose the panel' }]);
  }

  checkClosePanel({ actor }: { actor: Actor }): void {
    requireDecider(actor, 'closePanel');
    this.expect('EXPERT_REVIEW');
  }

  checkPublishNotice({ actor }: { actor: Actor }): void {
    requireDecider(actor, 'publishNotice');
    this.expect('RANKED');
  }

  checkApprove({ actor }: { actor: Actor }): void {
    requireDecider(actor, 'approveResults');
    this.expect('NOTICE');
    if (!this.noticeEnded) {
      // The end in China's time, as the manager's calendar reads it, never a raw UTC timestamp.
      const ends = chinaDateTimeText(this.state.noticeEndsAt);
      throw invalidTransition(
        ends
          ? `公示期至 ${ends.zh} 结束，期满前不能确定立项 / the notice period ends on ${ends.en} (China time); results cannot be approved before then`
          : '公示期未满，期满前不能确定立项 / the notice period has not ended',
        this.state.status,
        this.state.noticeEndsAt ? { until: this.state.noticeEndsAt } : {},
      );
    }
  }

  // ---- effects

  async formPanel({ actor, expertIds }: { actor: Actor; expertIds: string[] }): Promise<RoundStepResult> {
    const counts = await act.formPanel({ roundId: this.input.roundId, expertIds, actor });
    return this.moved('EXPERT_REVIEW', 'EXPERT_REVIEW_STARTED', counts);
  }

  async closePanel({ actor }: { actor: Actor }): Promise<RoundStepResult> {
    const counts = await act.closePanel({ roundId: this.input.roundId, actor });
    return this.moved('RANKED', 'RANKED', counts);
  }

  async publishNotice({ actor }: { actor: Actor }): Promise<RoundStepResult> {
    const calendar = await act.loadCalendar({ roundId: this.input.roundId });
    const startsAt = new Date(Date.now()).toISOString();
    // Test sandboxes compress the period (Prozorro does the same); production counts working days.
    const endsAt = calendar.compressedPeriodMs
      ? new Date(Date.now() + calendar.compressedPeriodMs).toISOString()
      : noticePeriodEnd(startsAt, calendar.noticeWorkingDays, calendar);
    const counts = await act.publishNotice({
      roundId: this.input.roundId,
      startsAt,
      endsAt,
      workingDays: calendar.noticeWorkingDays,
      actor,
    });
    this.state.noticeEndsAt = endsAt;
    return this.moved('NOTICE', 'NOTICE_PUBLISHED', counts);
  }

  async approveResults({ actor }: { actor: Actor }): Promise<RoundStepResult> {
    const counts = await act.finalizeRound({ roundId: this.input.roundId, actor });
    return this.moved('FINALIZED', 'FUNDING_DECIDED', counts);
  }

  /**
   * After a step's activity has committed: the new phase, answered at once; the projects are told
   * right after (tellProjects, paced by what the projects have recorded), so a manager does not
   * wait for a round of 2,000 to hear it. A project that is sent a score or a decline before it
   * has heard reads the panel the round formed from PostgreSQL; it is never refused for it.
   */
  private moved(to: RoundStatus, outcome: RoundOutcome, counts: Record<string, number>): RoundStepResult {
    this.setStatus(to);
    this.outbox.push(outcome);
    return { roundId: this.input.roundId, status: to, noticeEndsAt: this.state.noticeEndsAt, counts };
  }

  /** Tells the projects each outcome in turn, at the gate, so the next step waits for the telling. */
  private async tellProjects(): Promise<never> {
    for (;;) {
      await condition(() => this.outbox.length > 0);
      await this.gate.decide(
        () => undefined,
        async () => {
          await fanOut.tellProjects({ roundId: this.input.roundId, outcome: this.outbox[0] });
          this.outbox.shift();
        },
      );
    }
  }

  private setStatus(to: RoundStatus): void {
    this.state.status = to;
    upsertSearchAttributes([{ key: RoundStatusKey, value: to }]);
  }

  // ---- the round's own course

  async runToEnd(): Promise<RoundState> {
    upsertSearchAttributes([
      { key: RoundIdKey, value: this.input.roundId },
      { key: RegionCodeKey, value: this.input.regionCode },
      { key: RoundStatusKey, value: this.state.status },
    ]);
    void this.tellProjects();
    const reminding = patched(DEADLINE_REMINDERS);
    if (reminding && (this.state.status === 'PUBLISHED' || this.state.status === 'OPEN')) void this.remindBeforeClose();
    if (this.state.status === 'PUBLISHED') await this.windowStep(this.input.opensAt, 'OPEN', 'round.windowOpened');
    if (this.state.status === 'OPEN') await this.windowStep(this.input.closesAt, 'CLOSED', 'round.windowClosed');

    await this.wait(() => NOTICED_ROUND_STATUSES.includes(this.state.status));
    if (!this.noticeEnded) {
      if (reminding) await this.remindBeforeNoticeEnds();
      await this.wait(() => false, this.state.noticeEndsAt);
      this.noticeEnded = true;
      await act.noticePeriodEnded({ roundId: this.input.roundId });
    }
    await this.wait(() => this.state.status === 'FINALIZED' && this.outbox.length === 0 && this.gate.idle());
    await condition(allHandlersFinished);
    return this.state;
  }

  /** 截止提醒: before the window closes, at each of the round's leads, to organizations with a draft still unsubmitted. */
  private async remindBeforeClose(): Promise<void> {
    const { leadsMs } = await remind.loadReminderPlan({ roundId: this.input.roundId });
    for (const r of remindersAhead(this.input.closesAt, leadsMs, Date.now())) {
      await sleep(Date.parse(r.at) - Date.now());
      if (this.state.status !== 'OPEN') continue;
      await remind.remindDrafts({ roundId: this.input.roundId, closesAt: this.input.closesAt, leadMs: r.leadMs });
    }
  }

  /** Before the notice period ends, at the round's shortest lead: the reviewers, if objections are still open. */
  private async remindBeforeNoticeEnds(): Promise<void> {
    const endsAt = this.state.noticeEndsAt;
    if (!endsAt) return;
    const { leadsMs } = await remind.loadReminderPlan({ roundId: this.input.roundId });
    const [r] = remindersAhead(endsAt, leadsMs.length > 0 ? [Math.min(...leadsMs)] : [], Date.now());
    if (!r) return;
    await this.wait(() => false, r.at);
    await remind.remindOpenObjections({ roundId: this.input.roundId, noticeEndsAt: endsAt, leadMs: r.leadMs });
  }

  private async windowStep(at: string, to: RoundStatus, action: string): Promise<void> {
    const ms = Date.parse(at) - Date.now();
    if (ms > 0) await sleep(ms);
    // At the gate (idle in the window: every manager step needs CLOSED), so that a step the
    // move allows, sent once PostgreSQL shows it, takes its turn right after.
    this.moving = to;
    try {
      await this.gate.decide(
        () => undefined,
        async () => {
          await act.setRoundStatus({ roundId: this.input.roundId, from: this.state.status, to, action });
          this.setStatus(to);
        },
      );
    } finally {
      this.moving = undefined;
    }
  }

  private wait(done: () => boolean, until?: string): Promise<boolean> {
    return waitBounded(done, { gate: this.gate, until, restart: () => this.restart() });
  }

  /** Continues as new with where the round stands; the closed run no longer claims a status. */
  private restart(): Promise<never> {
    upsertSearchAttributes([{ key: RoundStatusKey, value: null }]);
    const carried = {
      status: this.state.status,
      noticeEndsAt: this.state.noticeEndsAt,
      noticeEnded: this.noticeEnded,
      outbox: this.outbox,
    };
    return continueAsNew<(i: RoundWorkflowInput) => Promise<RoundState>>({ ...this.input, carried });
  }
}
