import type { WebArea } from '../web-area';
import { ApplicationsService } from '../../applications/applications.service';
import { ReviewsService } from '../../reviews/reviews.service';
import { EvaluationForms } from './evaluation-forms';
import { EvaluatorController } from './evaluator.controller';
import { ExpertController } from './expert.controller';
import { ReviewQueries } from './review-queries.service';
import { ReviewerDecisionsController } from './reviewer-decisions.controller';
import { ReviewerProjectController } from './reviewer-project.controller';
import { ReviewerProjectView } from './reviewer-project.service';
import { ReviewerQueuesController } from './reviewer-queues.controller';

/**
 * The workspace pages of 民政审核人员、评审专家和评估人员（REVIEWER, EXPERT, EVALUATOR）.
 * ApplicationsService and ReviewsService are not exported by their modules: provided here again,
 * stateless, as web.module.ts does for NoticesService.
 */
export const REVIEW_AREA: WebArea = {
  controllers: [ReviewerQueuesController, ReviewerDecisionsController, ReviewerProjectController, ExpertController, EvaluatorController],
  providers: [ApplicationsService, ReviewsService, ReviewQueries, ReviewerProjectView, EvaluationForms],
};

export { REVIEW_WORKSPACE_LINKS } from './review-workspace';
