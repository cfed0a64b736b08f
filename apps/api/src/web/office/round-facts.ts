import { RATING_LABELS, ROUND_FILE_KIND_LABELS, ROUND_STATUS_LABELS, RoundStatus, TRANCHE_STAGES, UNRATED_LABEL } from '@workflows/rules';
import { ATTACHMENT_RULES } from '../../applications/attachment-rules';
import { inStaffRegion } from '../../common/access';
import { NotFoundError } from '../../common/errors';
import { labelText, WebLang } from '../web-i18n';
import type { AuthUser } from '../../common/auth/auth-user';
import type { RoundFileView } from '../../rounds/round-files.dto';
import type { RoundView } from '../../rounds/rounds.dto';
import type { RoundsService } from '../../rounds/rounds.service';

/**
 * A round the manager may act on: visible through RoundsService and in their own region (the
 * check ReviewsService makes for every panel decision); any other is not found.
 */
export async function managedRound(rounds: RoundsService, user: AuthUser, id: string): Promise<RoundView> {
  const round = await rounds.get(user, id);
  if (!inStaffRegion(user, round.regionCode)) throw new NotFoundError('Round', id);
  return round;
}

/** A round as the office pages describe it: labels in the page's language next to the stored values. */
export function roundFacts(r: RoundView, lang: WebLang) {
  const e = r.eligibility as { minYearsRegistered: number; minRating?: keyof typeof RATING_LABELS | null; excludeDishonest: boolean };
  return {
    ...r,
    statusLabel: labelText(ROUND_STATUS_LABELS[r.status as RoundStatus], lang) ?? r.status,
    minRatingLabel: labelText(e.minRating ? RATING_LABELS[e.minRating] : UNRATED_LABEL, lang),
    eligibilityRules: e,
    rubricRows: r.rubric as { key: string; name: string; nameEn?: string; weight: number }[],
    trancheRows: (r.tranchePlan as { stage: keyof typeof TRANCHE_STAGES; percent: number; label?: string }[]).map((s, i) => ({
      ...s,
      seq: i + 1,
      stageLabel: labelText(TRANCHE_STAGES[s.stage], lang),
    })),
  };
}

/** One file of a round's call as the partial round-files lists it; `href` is where this page's reader downloads it. */
export function roundFileItem(f: RoundFileView, lang: WebLang, href: string, removeAction?: string) {
  return {
    filename: f.filename,
    kindLabel: labelText(ROUND_FILE_KIND_LABELS[f.kind], lang) ?? f.kind,
    typeLabel: ATTACHMENT_RULES.mimeTypes[f.mimeType] ?? f.mimeType,
    size: f.size,
    href,
    removeAction,
  };
}
