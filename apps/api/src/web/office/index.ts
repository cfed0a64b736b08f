import { FinanceDeskController } from './finance-desk.controller';
import { FinanceEvidenceController } from './finance-evidence.controller';
import { ManageDashboardController } from './manage-dashboard.controller';
import { ManageProjectsController } from './manage-projects.controller';
import { ManageReviewController } from './manage-review.controller';
import { ManageRoundsController } from './manage-rounds.controller';
import { OfficeDirectoryService } from './office-directory.service';
import type { WebArea } from '../web-area';

/**
 * The workspace pages of 财务人员和项目管理员（FINANCE, PROGRAM_MANAGER）: /finance-desk and /manage.
 * The feature services they call come from the modules web.module.ts imports.
 */
export const OFFICE_AREA: WebArea = {
  controllers: [
    FinanceDeskController,
    FinanceEvidenceController,
    ManageRoundsController,
    ManageReviewController,
    ManageProjectsController,
    ManageDashboardController,
  ],
  providers: [OfficeDirectoryService],
};
