import { ApplicantReads } from './applicant-reads.service';
import { ApplicationFormPage } from './application-form.page';
import { ApplicantApplicationsController } from './applications.controller';
import { DocumentPagesController } from './documents.controller';
import { MultipartFormGuard } from './multipart.guard';
import { ApplicantOrganizationsController } from './organizations.controller';
import { ApplicantProjectFormsController } from './project-forms.controller';
import { ApplicantProjectsController } from './projects.controller';
import { ReportFormPage } from './report-form.page';
import { ApplicantRoundsController } from './rounds.controller';
import { ApplicantUploadsController } from './uploads.controller';
import type { WebArea } from '../web-area';

/**
 * The workspace pages of 申报单位（APPLICANT）under /my, and the shared document page
 * /documents/:id/view. The feature services they call come from the modules web.module.ts imports.
 */
export const APPLICANT_AREA: WebArea = {
  controllers: [
    ApplicantOrganizationsController,
    ApplicantRoundsController,
    ApplicantApplicationsController,
    ApplicantUploadsController,
    ApplicantProjectsController,
    ApplicantProjectFormsController,
    DocumentPagesController,
  ],
  providers: [ApplicantReads, ApplicationFormPage, ReportFormPage, MultipartFormGuard],
};

export { APPLICANT_WORKSPACE_LINKS } from './workspace-links';
