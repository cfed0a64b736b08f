import type { RankedEntry } from './messages';
import { forbidden, invalidInput, invalidTransition } from './refusals';
import { aggregateScores, allocateFunding, assignExperts, parseMoney, reassign, totalScore } from './rules';
import type { Assignment, ExpertForAssignment, RubricCriterion } from './rules';

export interface PanelApplication {
  applicationId: string;
  organizationId: string;
  requested: string;
  submittedAt: string;
  eligibilityDecidedById: string | null;
}

export interface PanelConfig {
  rubric: RubricCriterion[];
  perApplication: number;
  passMark: string;
  pool: string;
  noticeWorkingDays: number;
}

export interface PanelInputs {
  pendingEligibility: number;
  unknownExperts: string[];
  applications: PanelApplication[];
  experts: ExpertForAssignment[];
  config: PanelConfig;
}

type Slot = { applicationId: string; expertId: string; status: 'ASSIGNED' | 'DECLINED' | 'SUBMITTED'; total?: string };

/**
 * The round's review state in one plain class (kept in workflow memory): the panel, the
 * scores as they arrive, the ranking, award caps, exclusions and objections. Pure: the
 * workflow calls activities around it.
 */
export class RoundPanel {
  config?: PanelConfig;
  ranking?: RankedEntry[];
  private apps = new Map<string, PanelApplication>();
  private experts: ExpertForAssignment[] = [];
  private slots: Slot[] = [];
  private awardCaps: Record<string, string> = {};
  private excluded: string[] = [];
  private objections = new Map<string, { applicationId: string; status: 'FILED' | 'UPHELD' | 'DISMISSED' }>();

  form(inputs: PanelInputs): Assignment[] {
    if (inputs.applications.length === 0) throw invalidTransition('没有通过资格审查的申报，无需组建评审组 / no eligible applications', 'CLOSED');
    const plan = assignExperts({ applications: inputs.applications, experts: inputs.experts, perApplication: inputs.config.perApplication });
    if (plan.shortfalls.length > 0) {
      throw invalidInput(plan.shortfalls.map((s) => ({
        field: 'experts', rule: 'panelSize',
        message: `experts: 申报 ${s.applicationId} 仅有 ${s.available} 名无利益关联的专家，需要 ${s.needed} 名 / not enough experts without ties`,
      })));
    }
    this.config = inputs.config;
    this.experts = inputs.experts;
    for (const a of inputs.applications) this.apps.set(a.applicationId, a);
    this.slots = plan.assignments.map((a) => ({ ...a, status: 'ASSIGNED' }));
    return plan.assignments;
  }

  applicationIds(): string[] {
    return [...this.apps.keys()];
  }

  /** Applications still in the running: everything on the panel except the excluded. */
  rankedIds(): string[] {
    return this.applicationIds().filter((id) => !this.excluded.includes(id));
  }

  openAssignments(): number {
    return this.slots.filter((s) => s.status === 'ASSIGNED').length;
  }

  requireOpenAssignment(applicationId: string, expertId: string, status: string): void {
    const slot = this.slots.find((s) => s.applicationId === applicationId && s.expertId === expertId);
    if (!slot) throw forbidden('该申报未分配给您评审 / not assigned to you');
    if (slot.status !== 'ASSIGNED') {
      throw invalidTransition(slot.status === 'SUBMITTED' ? '评分已提交，不能修改 / scores are final' : '您已回避该申报 / you declined this assignment', status);
    }
  }

  total(scores: Record<string, number>): string {
    const r = totalScore(this.config!.rubric, scores);
    if (!r.ok) throw invalidInput(r.errors);
    return r.total;
  }

  recordScore(applicationId: string, expertId: string, total: string): void {
    const slot = this.slots.find((s) => s.applicationId === applicationId && s.expertId === expertId)!;
    slot.status = 'SUBMITTED';
    slot.total = total;
  }

  replacementFor(applicationId: string, expertId: string): string {
    const app = this.apps.get(applicationId)!;
    const r = reassign({
      applicationId, organizationId: app.organizationId, declinedExpertId: expertId, experts: this.experts,
      current: this.slots.map((s) => ({ applicationId: s.applicationId, expertId: s.expertId, declined: s.status === 'DECLINED' })),
    });
    if ('shortfall' in r) throw invalidTransition('没有可替换的无关联专家，请联系项目管理员 / no replacement expert available', 'EXPERT_REVIEW');
    return r.expertId;
  }

  decline(applicationId: string, expertId: string, replacement: string): void {
    this.slots.find((s) => s.applicationId === applicationId && s.expertId === expertId)!.status = 'DECLINED';
    this.slots.push({ applicationId, expertId: replacement, status: 'ASSIGNED' });
    const expert = this.experts.find((e) => e.expertId === expertId);
    if (expert) expert.tiedOrganizationIds = [...expert.tiedOrganizationIds, this.apps.get(applicationId)!.organizationId];
  }

  rank(): RankedEntry[] {
    const c = this.config!;
    const candidates = [...this.apps.values()].map((a) => ({
      applicationId: a.applicationId,
      finalScore: aggregateScores(this.slots.filter((s) => s.applicationId === a.applicationId && s.status === 'SUBMITTED').map((s) => s.total!)).final,
      requested: a.requested,
      submittedAt: a.submittedAt,
    }));
    this.ranking = allocateFunding({ pool: c.pool, passMark: c.passMark, candidates, excluded: this.excluded, awardCaps: this.awardCaps }).ranked;
    return this.ranking;
  }

  requireAdjustable(applicationId: string, amount: string, status: string): void {
    const entry = this.ranking?.find((e) => e.applicationId === applicationId);
    if (!entry || entry.status === 'BELOW_PASS_MARK' || entry.status === 'EXCLUDED') {
      throw invalidTransition('该申报未进入资助排序，不能调整金额 / not in the funded ranking', status);
    }
    if (parseMoney(amount).gt(parseMoney(entry.requested))) {
      throw invalidInput([{ field: 'amount', rule: 'notAboveRequested', message: `amount: 调整后金额不能高于申请金额 ${entry.requested} 元 / cannot raise an award` }]);
    }
  }

  capAward(applicationId: string, amount: string): void {
    this.awardCaps[applicationId] = amount;
    this.rank();
  }

  requireListed(applicationId: string, status: string): void {
    const entry = this.ranking?.find((e) => e.applicationId === applicationId);
    if (!entry || (entry.status !== 'FUNDED' && entry.status !== 'PARTIALLY_FUNDED')) {
      throw invalidTransition('该项目不在公示名单中 / not on the notice list', status);
    }
  }

  fileObjection(id: string, applicationId: string): void {
    this.objections.set(id, { applicationId, status: 'FILED' });
  }

  objection(id: string) {
    return this.objections.get(id);
  }

  openObjections(): number {
    return [...this.objections.values()].filter((o) => o.status === 'FILED').length;
  }

  requireRulable(objectionId: string, reviewerId: string, status: string): void {
    const o = this.objections.get(objectionId);
    if (!o) throw invalidTransition('异议不存在 / no such objection', status);
    if (o.status !== 'FILED') throw invalidTransition('该异议已处理 / already ruled on', status);
    if (this.apps.get(o.applicationId)?.eligibilityDecidedById === reviewerId) {
      throw forbidden('原资格审查决定人不能处理针对该项目的异议，须由其他审核人员处理 / the original decision-maker may not rule');
    }
  }

  ruleObjection(id: string, decision: 'UPHELD' | 'DISMISSED'): void {
    this.objections.get(id)!.status = decision;
  }

  exclude(applicationId: string): void {
    if (!this.excluded.includes(applicationId)) this.excluded.push(applicationId);
    this.rank();
  }
}
