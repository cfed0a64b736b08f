/**
 * Social organization assessment grades (社会组织评估等级), 1A (lowest) to 5A.
 * An organization that was never assessed has rating null (未评估).
 */

export const RATINGS = ['1A', '2A', '3A', '4A', '5A'] as const;

export type Rating = (typeof RATINGS)[number];

export const RATING_LABELS: Readonly<Record<Rating, { zh: string; en: string }>> = {
  '1A': { zh: '1A级', en: 'grade 1A' },
  '2A': { zh: '2A级', en: 'grade 2A' },
  '3A': { zh: '3A级', en: 'grade 3A' },
  '4A': { zh: '4A级', en: 'grade 4A' },
  '5A': { zh: '5A级', en: 'grade 5A' },
};

export const UNRATED_LABEL = { zh: '未评估', en: 'not assessed' } as const;

export function isRating(value: unknown): value is Rating {
  return typeof value === 'string' && (RATINGS as readonly string[]).includes(value);
}

export function ratingLabel(rating: string | null, lang: 'zh' | 'en' = 'zh'): string {
  return isRating(rating) ? RATING_LABELS[rating][lang] : UNRATED_LABEL[lang];
}

/**
 * True when `actual` meets `minimum`. No minimum means no requirement. An unassessed
 * organization, or one whose stored grade is not a known grade, meets no minimum: an
 * unreadable grade must not pass an eligibility check.
 */
export function ratingAtLeast(actual: string | null, minimum: Rating | null | undefined): boolean {
  if (minimum === null || minimum === undefined) return true;
  if (!isRating(actual)) return false;
  return RATINGS.indexOf(actual) >= RATINGS.indexOf(minimum);
}
