import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CHANGE_KINDS,
  EVALUATION_KINDS,
  GRADE_LABELS,
  PROJECT_STAGE_LABELS,
  REPORT_STATUSES,
  TRANCHE_STAGES,
  TRANCHE_STATUSES,
  type ChangeKind,
} from '@workflows/rules';
import { BudgetLineDto } from '../applications/applications.dto';
import { PersonView } from '../common/views.dto';
import type { ChangeRequest } from '@generated/prisma/client';

const STAGE = { enum: Object.keys(PROJECT_STAGE_LABELS), description: '项目阶段 / project stage' };
const GRADES = Object.keys(GRADE_LABELS);
const CHANGE_STATUSES = ['PENDING', 'APPROVED', 'REJECTED'];
const MONEY = '金额（元，两位小数）/ amount in yuan';
const STAFF_ONLY = '工作人员所见 / staff see the id';
const APPLICANT_ONLY = '申请人所见（角色与姓名，不含编号）/ the applicant sees role and name instead of the id';

/** 项目的一期拨付 / one tranche of a project. */
export class ProjectTrancheView {
  @ApiProperty({ type: 'integer' }) seq!: number;
  @ApiProperty({ enum: Object.keys(TRANCHE_STAGES), description: '触发节点 / the condition that makes it due' }) stage!: string;
  @ApiProperty({ type: 'integer', description: '占资助金额的百分比 / percent of the award' }) percent!: number;
  @ApiProperty({ description: MONEY }) amount!: string;
  @ApiProperty({ enum: TRANCHE_STATUSES }) status!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: `申请人 / who requested it; ${STAFF_ONLY}` })
  requestedById?: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: `审批人 / who approved it; ${STAFF_ONLY}` })
  approvedById?: string | null;
  @ApiPropertyOptional({ type: () => PersonView, nullable: true, description: APPLICANT_ONLY }) requestedBy?: PersonView | null;
  @ApiPropertyOptional({ type: () => PersonView, nullable: true, description: APPLICANT_ONLY }) approvedBy?: PersonView | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) paidAt!: string | null;
  /** 支付凭证号 / the payment reference */
  paymentRef!: string | null;
}

/** 项目的一份报告 / one report of a project. */
export class ProjectReportView {
  @ApiProperty({ type: 'integer' }) seq!: number;
  @ApiProperty({ enum: ['PERIODIC', 'MIDTERM', 'FINAL'] }) kind!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: string;
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true, description: '佐证材料 / evidence attachments' }) attachmentIds!: string[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) remindedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) escalatedAt!: string | null;
  /** 审核意见 / the reviewer's note */
  reviewNote!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revisionDeadline!: string | null;
}

/** 资金追回 / a recovery of paid funds. */
export class RecoveryView {
  @ApiProperty({ description: MONEY }) amount!: string;
  reason!: string;
  @ApiProperty({ example: 'REQUESTED' }) status!: string;
}

/** 诚信记录（项目结项或终止后）/ the project's credit record once it has ended. */
export class ProjectCreditView {
  @ApiProperty({ enum: ['COMMENDED', 'COMPLETED', 'FAILED', 'TERMINATED'] }) kind!: string;
  @ApiProperty({ enum: GRADES, nullable: true, type: String }) grade!: string | null;
  note!: string;
}

/**
 * 项目详情 / a funded project: its term, tranches, reports, recovery and credit record. Staff see
 * the ids of the people involved (`evaluatorId`, each tranche's `requestedById` and `approvedById`);
 * an applicant sees them by role and name instead (`evaluator`, `requestedBy`, `approvedBy`).
 */
export class ProjectView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  title!: string;
  @ApiProperty(STAGE) stage!: string;
  @ApiProperty({ nullable: true, type: String, description: `资助金额 / award; ${MONEY}` }) award!: string | null;
  /** 被标记需关注 / flagged for attention */
  flagged!: boolean;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: `评估人员 / the evaluator; ${STAFF_ONLY}` })
  evaluatorId?: string | null;
  @ApiPropertyOptional({ type: () => PersonView, nullable: true, description: APPLICANT_ONLY }) evaluator?: PersonView | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) termStartsAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) termEndsAt!: string | null;
  tranches!: ProjectTrancheView[];
  @ApiProperty({ description: `已拨付合计 / paid so far; ${MONEY}` }) paidTotal!: string;
  reports!: ProjectReportView[];
  recovery!: RecoveryView | null;
  credit!: ProjectCreditView | null;
}

/** 财务队列中的一期拨付 / a tranche in the finance queue. */
export class TrancheQueueItemView {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ type: 'integer' }) seq!: number;
  @ApiProperty({ enum: Object.keys(TRANCHE_STAGES) }) stage!: string;
  @ApiProperty({ description: MONEY }) amount!: string;
  @ApiProperty({ enum: TRANCHE_STATUSES }) status!: string;
  /** 项目名称 / the project's title */
  title!: string;
  organizationName!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) dueAt!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) requestedById!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) paidAt!: string | null;
  paymentRef!: string | null;
}

/** 变更内容（申请时提交的）/ what the change asks for, as requested. */
export class ChangePayloadView {
  @ApiProperty({ enum: CHANGE_KINDS }) kind!: ChangeKind;
  @ApiPropertyOptional({ type: () => [BudgetLineDto], description: '调整后的预算（REALLOCATION）/ the new budget' })
  budgetLines?: BudgetLineDto[];
  @ApiPropertyOptional({ format: 'date-time', description: '新的结束时间（EXTENSION）/ the new end' }) newEndsAt?: string;
  reason!: string;
}

/** 项目变更申请 / a change request of a project; staff see `decidedById`, an applicant `decidedBy`. */
export class ChangeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ enum: CHANGE_KINDS }) kind!: string;
  payload!: ChangePayloadView;
  /** false：无需审批，已直接生效 / false: it took effect without approval */
  needsApproval!: boolean;
  @ApiProperty({ enum: CHANGE_STATUSES }) status!: string;
  @ApiProperty({ format: 'uuid' }) requestedById!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: `审批人 / who decided; ${STAFF_ONLY}` })
  decidedById?: string | null;
  @ApiPropertyOptional({ type: () => PersonView, nullable: true, description: APPLICANT_ONLY }) decidedBy?: PersonView | null;
  decidedAt!: Date | null;
  /** 申请理由 / the requester's reason */
  reason!: string | null;
  createdAt!: Date;
}

export function mapChange(c: ChangeRequest): ChangeView {
  return {
    id: c.id,
    applicationId: c.applicationId,
    kind: c.kind,
    payload: c.payload as unknown as ChangePayloadView,
    needsApproval: c.needsApproval,
    status: c.status,
    requestedById: c.requestedById,
    decidedById: c.decidedById,
    decidedAt: c.decidedAt,
    reason: c.reason,
    createdAt: c.createdAt,
  };
}

/** 变更申请已记录 / the change request as recorded: pending approval, or applied at once. */
export class ChangeRequestedView {
  @ApiProperty({ format: 'uuid' }) changeId!: string;
  @ApiProperty({ enum: ['PENDING', 'APPROVED'] }) status!: string;
  needsApproval!: boolean;
}

/** 变更审批结果 / the decision on a change request. */
export class ChangeDecidedView {
  @ApiProperty({ format: 'uuid' }) changeId!: string;
  @ApiProperty({ enum: ['APPROVED', 'REJECTED'] }) status!: string;
}

/** 评估得分与等级 / the filed evaluation's total and grade. */
export class EvaluationFiledView {
  @ApiProperty({ description: '加权总分（两位小数）/ weighted total' }) total!: string;
  @ApiProperty({ enum: GRADES }) grade!: string;
}

/** 一次评估 / one evaluation of a project (the other side's two-way evaluation only once both have filed). */
export class EvaluationView {
  @ApiProperty({ enum: EVALUATION_KINDS }) kind!: string;
  @ApiProperty({ type: 'integer', description: '第几次（整改后重评）/ attempt, after rectification' }) attempt!: number;
  @ApiProperty({ enum: GRADES }) grade!: string;
  @ApiProperty({ description: '加权总分（两位小数）/ weighted total' }) total!: string;
  summary!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: '各评分项得分 / score per criterion' })
  scores!: Record<string, number>;
  @ApiProperty({ format: 'date-time' }) filedAt!: string;
}

/** 公开的评估结果 / an evaluation's result as the public page shows it. */
export class PublicEvaluationView {
  @ApiProperty({ enum: EVALUATION_KINDS }) kind!: string;
  @ApiProperty({ type: 'integer' }) attempt!: number;
  @ApiProperty({ enum: GRADES }) grade!: string;
  @ApiProperty({ description: '加权总分（两位小数）/ weighted total' }) total!: string;
}

/** 项目结果公开页 / a funded project as the public reads it: award, stage, and its grades once it has ended. */
export class PublicProjectView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  title!: string;
  /** 承接组织（申报时登记的名称）/ the organization, by the name on record */
  organizationName!: string;
  /** 资助轮次 / the round's name */
  round!: string;
  /** 出具机关 / the issuing bureau */
  issuingBureau!: string;
  category!: string;
  @ApiProperty({ nullable: true, type: String, description: `资助金额 / award; ${MONEY}` }) award!: string | null;
  @ApiProperty(STAGE) stage!: string;
  /** 结项或终止后的评估结果，此前为空 / the grades once the project has ended, empty before */
  evaluations!: PublicEvaluationView[];
}
