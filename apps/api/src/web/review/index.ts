import { EvaluationForms } from './evaluation-forms';
import { EvaluatorController } from './evaluator.controller';
import { ExpertController } from './expert.controller';
import { ReviewQueries } from './review-queries.service';
import { ReviewerCreditController } from './reviewer-credit.controller';
import { ReviewerDecisionsController } from './reviewer-decisions.controller';
import { ReviewerObjectionsController } from './reviewer-objections.controller';
import { ReviewerOrganizationsController } from './reviewer-organizations.controller';
import { ReviewerProjectController } from './reviewer-project.controller';
import { ReviewerProjectView } from './reviewer-project.service';
import { ReviewerQueuesController } from './reviewer-queues.controller';
import type { WebArea } from '../web-area';

/**
 * The workspace pages of 民政审核人员、评审专家和评估人员（REVIEWER, EXPERT, EVALUATOR）.
 * The feature services they call come from the modules web.module.ts imports.
 */
export const REVIEW_AREA: WebArea = {
  controllers: [
    ReviewerQueuesController,
    ReviewerObjectionsController,
    ReviewerDecisionsController,
    ReviewerProjectController,
    ReviewerCreditController,
    ReviewerOrganizationsController,
    ExpertController,
    EvaluatorController,
  ],
  providers: [ReviewQueries, ReviewerProjectView, EvaluationForms],
};

export { REVIEW_WORKSPACE_LINKS } from './review-workspace';
