import { invalidTransition } from '../../workflows/contracts';
// In-memory stand-ins for activities/implementation.activities.ts, for the implementation
// workflow's spec (workflows/implementation.workflow.spec.ts). Each returns what the real
// activity returns, without a database; every call is recorded (name, input, instant) so the spec
// can tell what the workflow did and when. A call can be held until the spec releases it.
import { closeoutOutcome } from '../../workflows/rules';
import type { ImplementationActivities } from '../../activities/implementation.activities';
import type { ReminderActivities } from '../../activities/reminders.activities';
import type { ImplementationStart } from '../../workflows/contracts';
import type { ChangeInput } from '../../workflows/messages';

type FakeActivities = ImplementationActivities & Pick<ReminderActivities, 'loadReminderPlan' | 'remindRectification'>;

export interface FakeCall {
  name: keyof FakeActivities;
  input: { applicationId: string } & Record<string, unknown>;
  /** Date.now() when the worker ran the activity. */
  at: number;
}

export interface ImplementationFakes {
  activities: FakeActivities;
  /** The round's reminder leads as loadReminderPlan answers them (none unless a spec sets them). */
  reminderLeadsMs: number[];
  /** What startImplementation returns for an application (set before starting its workflow). */
  starts: Map<string, ImplementationStart>;
  calls: FakeCall[];
  /** The calls for one application, optionally of one activity. */
  callsOf(applicationId: string, name?: keyof FakeActivities): FakeCall[];
  /** Holds the next call of `name` for `applicationId` until the returned function is called. */
  hold(applicationId: string, name: keyof FakeActivities): () => void;
}

export function createImplementationFakes(): ImplementationFakes {
  const starts = new Map<string, ImplementationStart>();
  const calls: FakeCall[] = [];
  const held = new Map<string, Promise<void>>();
  const changes = new Map<string, ChangeInput>();
  const finalGrades = new Map<string, string>();
  let changeNo = 0;
  let paymentNo = 0;

  const record = async (name: keyof FakeActivities, input: { applicationId: string }) => {
    calls.push({ name, input: input as FakeCall['input'], at: Date.now() });
    const key = `${input.applicationId}/${name}`;
    const wait = held.get(key);
    if (wait) {
      held.delete(key);
      await wait;
    }
  };

  const fakes = { reminderLeadsMs: [] as number[] };
  const activities: FakeActivities = {
    async loadReminderPlan() {
      return { leadsMs: fakes.reminderLeadsMs };
    },
    async remindRectification(i) {
      await record('remindRectification', i);
      return { reached: 1 };
    },
    async startImplementation(i) {
      await record('startImplementation', i);
      const start = starts.get(i.applicationId);
      if (!start) throw new Error(`no start configured for ${i.applicationId}`);
      return structuredClone(start);
    },
    async markTrancheRequested(i) {
      await record('markTrancheRequested', i);
      return { status: 'REQUESTED' };
    },
    async payTranche(i) {
      await record('payTranche', i);
      return { reference: `TRX-${++paymentNo}` };
    },
    async cancelTranche(i) {
      await record('cancelTranche', i);
      return { status: 'CANCELLED' };
    },
    async makeTrancheDue(i) {
      await record('makeTrancheDue', i);
      return { due: i.stage };
    },
    async setStage(i) {
      await record('setStage', i);
      return { stage: i.to };
    },
    async rectificationDue(i) {
      await record('rectificationDue', i);
      return { notified: 2 };
    },
    async terminate(i) {
      await record('terminate', i);
      return { recovery: '0.00' };
    },
    async beginCloseout(i) {
      await record('beginCloseout', i);
      const grade = finalGrades.get(i.applicationId);
      if (!grade) throw new Error('no FINAL_THIRD_PARTY evaluation saved');
      const outcome = closeoutOutcome({ finalGrade: grade as never, dishonestMonths: 0, closedOn: '2025-06-30' });
      return { releaseFinalTranche: outcome.releaseFinalTranche };
    },
    async closeout(i) {
      await record('closeout', i);
      return { recovery: '0.00', credit: 'COMPLETED' };
    },
    async saveReport(i) {
      await record('saveReport', i);
      return { status: 'SUBMITTED' };
    },
    async reviewReport(i) {
      await record('reviewReport', i);
      return { status: i.decision === 'ACCEPT' ? 'ACCEPTED' : 'RETURNED' };
    },
    async remindReport(i) {
      await record('remindReport', i);
      return { reminded: true };
    },
    async escalateReport(i) {
      await record('escalateReport', i);
      return { flagged: true };
    },
    async recordChange(i) {
      await record('recordChange', i);
      const changeId = `change-${++changeNo}`;
      changes.set(changeId, i.change);
      return { changeId, status: i.needsApproval ? 'PENDING' : 'APPROVED' };
    },
    async decideChange(i) {
      await record('decideChange', i);
      const change = changes.get(i.changeId);
      if (!change) throw invalidTransition('该变更申请已处理或不存在 / the change request has already been decided', 'IMPLEMENTATION');
      changes.delete(i.changeId);
      return { status: i.approve ? 'APPROVED' : 'REJECTED', change: i.approve ? change : null };
    },
    async assignEvaluator(i) {
      await record('assignEvaluator', i);
      return { assigned: i.evaluatorId.startsWith('eval-') };
    },
    async saveEvaluation(i) {
      await record('saveEvaluation', i);
      if (i.kind === 'FINAL_THIRD_PARTY') finalGrades.set(i.applicationId, i.grade);
      return { grade: i.grade };
    },
  };

  return {
    activities,
    get reminderLeadsMs() {
      return fakes.reminderLeadsMs;
    },
    set reminderLeadsMs(leads: number[]) {
      fakes.reminderLeadsMs = leads;
    },
    starts,
    calls,
    callsOf: (applicationId, name) => calls.filter((c) => c.input.applicationId === applicationId && (!name || c.name === name)),
    hold(applicationId, name) {
      let release!: () => void;
      held.set(`${applicationId}/${name}`, new Promise<void>((r) => (release = r)));
      return release;
    },
  };
}
