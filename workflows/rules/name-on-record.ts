import { WITH_APPLICANT_STAGES, type ProjectStage } from './stages';

/**
 * The organization's name as a submitted application carries it: the name registered when it was
 * (last) submitted, so that a renaming during review or public notice never changes what the
 * notice, the ranking or a document says. While the application is with the applicant (a draft,
 * or returned for revision), the current name stands, and the next submission takes it.
 */
export function nameOnRecord(application: { stage: string; organizationName: string | null }, currentName: string): string {
  if (WITH_APPLICANT_STAGES.includes(application.stage as ProjectStage)) return currentName;
  return application.organizationName ?? currentName;
}
