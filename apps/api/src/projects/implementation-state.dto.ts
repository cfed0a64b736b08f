import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type ImplementationState, type ReportState, type TrancheState } from '@workflows/messages';
import {
  EVALUATION_KINDS,
  PROJECT_STAGE_LABELS,
  REPORT_STATUSES,
  TRANCHE_STATUSES,
  type EvaluationKind,
  type ProjectStage,
} from '@workflows/rules';
import { type ApplicantView } from '../common/people';
import { PersonView } from '../common/views.dto';

export class TrancheStateView implements TrancheState {
  @ApiProperty({ type: 'integer' }) seq!: number;
  @ApiProperty({ description: '触发节点 / the condition that makes it due' }) stage!: string;
  @ApiProperty({ description: '金额（元）/ amount in yuan' }) amount!: string;
  @ApiProperty({ enum: TRANCHE_STATUSES }) status!: TrancheState['status'];
  @ApiPropertyOptional({ description: '申请拨付人账号ID，仅工作人员可见 / who requested it (user id), for staff only' })
  requestedById?: string;
  @ApiPropertyOptional({
    type: () => PersonView,
    nullable: true,
    description: '申请拨付人（角色与姓名），申报单位所见 / who requested it, as an applicant sees it',
  })
  requestedBy?: PersonView | null;
}

export class ReportStateView implements ReportState {
  @ApiProperty({ type: 'integer' }) seq!: number;
  @ApiProperty({ enum: ['PERIODIC', 'MIDTERM', 'FINAL'] }) kind!: ReportState['kind'];
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: ReportState['status'];
  @ApiPropertyOptional({ format: 'date-time' }) revisionDeadline?: string;
  @ApiProperty() overdue!: boolean;
}

export class EvaluationMarkView {
  @ApiProperty({ enum: EVALUATION_KINDS }) kind!: EvaluationKind;
  @ApiProperty({ type: 'integer' }) attempt!: number;
  @ApiProperty() grade!: string;
}

/**
 * 项目实施状态 / the implementation workflow's state after a decision (tranches, reports,
 * evaluations, termination): what the decision's Temporal update answers. Staff get the people in
 * it as user ids (evaluatorId, tranches[].requestedById); an applicant gets them by role and name
 * instead (evaluator, tranches[].requestedBy).
 */
export class ImplementationStateView implements ImplementationState {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ enum: Object.keys(PROJECT_STAGE_LABELS) }) stage!: ProjectStage;
  @ApiProperty({ type: () => [TrancheStateView] }) tranches!: TrancheStateView[];
  @ApiProperty({ type: () => [ReportStateView] }) reports!: ReportStateView[];
  @ApiProperty({ type: () => [EvaluationMarkView] }) evaluations!: EvaluationMarkView[];
  @ApiPropertyOptional({ description: "评估人员账号ID，仅工作人员可见 / the evaluator's user id, for staff only" }) evaluatorId?: string;
  @ApiPropertyOptional({
    type: () => PersonView,
    nullable: true,
    description: '评估人员（角色与姓名），申报单位所见 / the evaluator, as an applicant sees them',
  })
  evaluator?: PersonView | null;
  @ApiPropertyOptional({ format: 'date-time' }) rectificationDeadline?: string;
  @ApiPropertyOptional({ format: 'date-time' }) termEndsAt?: string;
}

/** The implementation state an applicant is answered: no staff member's id, the people by role and name. */
export type ApplicantImplementationState = Omit<ImplementationState, 'tranches' | 'evaluatorId'> & {
  tranches: (Omit<TrancheState, 'requestedById'> & { requestedBy?: PersonView | null })[];
  evaluator?: PersonView | null;
};

export const APPLICANT_IMPLEMENTATION_STATE: ApplicantView<ImplementationState, ApplicantImplementationState> = {
  ids: (s) => [s.evaluatorId, ...s.tranches.map((t) => t.requestedById)],
  view: ({ tranches, evaluatorId, ...rest }, who) => ({
    ...rest,
    tranches: tranches.map(({ requestedById, ...t }) => ({ ...t, ...(requestedById && { requestedBy: who(requestedById) }) })),
    ...(evaluatorId && { evaluator: who(evaluatorId) }),
  }),
};
