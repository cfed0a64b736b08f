import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OBJECTION_STATUSES, PANEL_SLOT_STATUSES, type ObjectionStatus, type PanelSlot, type ProjectState } from '@workflows/messages';
import { PROJECT_STAGE_LABELS, type ProjectStage } from '@workflows/rules';
import { type ApplicantView } from '../common/people';
import { PersonView } from '../common/views.dto';
import { RubricCriterionDto } from '../rounds/rounds.dto';

/** Who signed the agreement, by party: user ids, for staff. */
export class SignedByView {
  /** 乙方（申报单位）签署人账号ID / the applicant's signatory's user id */
  applicant?: string;
  /** 甲方（民政部门）签署人账号ID / the bureau's signatory's user id */
  bureau?: string;
}

/** Who signed the agreement, by party, as an applicant sees it: role and name. */
export class SignersView {
  @ApiPropertyOptional({ type: () => PersonView, nullable: true, description: "乙方（申报单位）签署人 / the applicant's signatory" })
  applicant?: PersonView | null;
  @ApiPropertyOptional({ type: () => PersonView, nullable: true, description: "甲方（民政部门）签署人 / the bureau's signatory" })
  bureau?: PersonView | null;
}

export class PanelSlotView {
  @ApiPropertyOptional({ format: 'uuid', description: "评审专家账号ID，仅工作人员可见 / the expert's user id, for staff only" })
  expertId?: string;
  @ApiProperty({ enum: PANEL_SLOT_STATUSES }) status!: (typeof PANEL_SLOT_STATUSES)[number];
}

export class ObjectionMarkView {
  @ApiProperty({ format: 'uuid' }) objectionId!: string;
  @ApiProperty({ enum: OBJECTION_STATUSES }) status!: ObjectionStatus;
}

/**
 * 项目流程状态 / the project workflow's state after a decision (submit, eligibility, signing): what
 * the decision's Temporal update answers, the same ProjectState the workflow keeps. Staff get the
 * people in it as user ids (signedBy, eligibilityDecidedBy, panel[].expertId); an applicant gets
 * them by role and name instead (signers, eligibilityDecider), and the panel without its experts.
 */
export class ProjectStateView {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ enum: Object.keys(PROJECT_STAGE_LABELS), description: '项目阶段 / project stage' }) stage!: ProjectStage;
  @ApiProperty({ type: 'integer' }) submissionCount!: number;
  @ApiPropertyOptional({ format: 'date-time' }) revisionDeadline?: string;
  @ApiPropertyOptional({ description: '资助金额（元）/ award in yuan' }) award?: string;
  @ApiPropertyOptional({ type: 'integer', nullable: true }) rank?: number | null;
  @ApiPropertyOptional({
    type: () => SignedByView,
    description: "签署人账号ID，仅工作人员可见 / the signatories' user ids, for staff only",
  })
  signedBy?: SignedByView;
  @ApiPropertyOptional({
    type: () => SignersView,
    description: '签署人（角色与姓名），申报单位所见 / the signatories, as an applicant sees them',
  })
  signers?: SignersView;
  @ApiPropertyOptional({
    description: '资格审查决定人账号ID，仅工作人员可见 / who passed the eligibility review (user id), for staff only',
  })
  eligibilityDecidedBy?: string;
  @ApiPropertyOptional({
    type: () => PersonView,
    nullable: true,
    description: '资格审查决定人（角色与姓名），申报单位所见 / who passed the eligibility review, as an applicant sees it',
  })
  eligibilityDecider?: PersonView | null;
  @ApiPropertyOptional({ type: () => [PanelSlotView] }) panel?: PanelSlotView[];
  @ApiPropertyOptional({ type: () => [RubricCriterionDto] }) rubric?: RubricCriterionDto[];
  @ApiPropertyOptional({ format: 'date-time' }) noticeEndsAt?: string;
  @ApiPropertyOptional({ type: () => [ObjectionMarkView] }) objections?: ObjectionMarkView[];
  @ApiPropertyOptional({ type: 'integer' }) pendingObjections?: number;
}

/** The project state an applicant is answered: no staff member's id, the people by role and name. */
export type ApplicantProjectState = Omit<ProjectState, 'signedBy' | 'eligibilityDecidedBy' | 'panel'> & {
  signers: { applicant?: PersonView | null; bureau?: PersonView | null };
  eligibilityDecider?: PersonView | null;
  panel?: Pick<PanelSlot, 'status'>[];
};

/** The experts stay unnamed to the applicant: the panel shows how far the scoring is, not who scores. */
export const APPLICANT_PROJECT_STATE: ApplicantView<ProjectState, ApplicantProjectState> = {
  ids: (s) => [s.signedBy.applicant, s.signedBy.bureau, s.eligibilityDecidedBy],
  view: ({ signedBy, eligibilityDecidedBy, panel, ...rest }, who) => ({
    ...rest,
    signers: {
      ...(signedBy.applicant && { applicant: who(signedBy.applicant) }),
      ...(signedBy.bureau && { bureau: who(signedBy.bureau) }),
    },
    ...(eligibilityDecidedBy && { eligibilityDecider: who(eligibilityDecidedBy) }),
    ...(panel && { panel: panel.map(({ status }) => ({ status })) }),
  }),
};
