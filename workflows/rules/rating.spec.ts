import { RATINGS, isRating, ratingAtLeast, ratingLabel } from './rating';

describe('ratingAtLeast', () => {
  it('passes a grade equal to or above the minimum', () => {
    expect(ratingAtLeast('3A', '3A')).toBe(true);
    expect(ratingAtLeast('5A', '3A')).toBe(true);
  });

  it('fails a grade below the minimum', () => {
    expect(ratingAtLeast('2A', '3A')).toBe(false);
    expect(ratingAtLeast('1A', '5A')).toBe(false);
  });

  it('passes every organization, assessed or not, when there is no minimum', () => {
    expect(ratingAtLeast(null, null)).toBe(true);
    expect(ratingAtLeast(null, undefined)).toBe(true);
    expect(ratingAtLeast('1A', null)).toBe(true);
  });

  it('fails an unassessed organization when a minimum is set', () => {
    expect(ratingAtLeast(null, '1A')).toBe(false);
  });

  it('fails an unknown stored grade instead of guessing', () => {
    expect(ratingAtLeast('6A', '1A')).toBe(false);
    expect(ratingAtLeast('3a', '1A')).toBe(false);
  });

  it('orders the grades from 1A to 5A', () => {
    expect(RATINGS).toEqual(['1A', '2A', '3A', '4A', '5A']);
  });
});

describe('isRating and ratingLabel', () => {
  it('recognises only the five grades', () => {
    expect(isRating('4A')).toBe(true);
    expect(isRating('AAAA')).toBe(false);
    expect(isRating(null)).toBe(false);
  });

  it('labels an unassessed organization as 未评估', () => {
    expect(ratingLabel(null)).toBe('未评估');
    expect(ratingLabel('3A')).toBe('3A级');
    expect(ratingLabel(null, 'en')).toBe('not assessed');
  });
});
