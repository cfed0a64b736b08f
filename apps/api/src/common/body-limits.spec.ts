import { jsonDepthExceeds } from './body-limits';

const nested = (n: number) => Buffer.from('['.repeat(n) + ']'.repeat(n));

describe('jsonDepthExceeds', () => {
  it('passes JSON up to the limit and refuses one level more', () => {
    expect(jsonDepthExceeds(nested(32), 32)).toBe(false);
    expect(jsonDepthExceeds(nested(33), 32)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from(`{"a":${'{"b":'.repeat(1999)}1${'}'.repeat(1999)}}`), 32)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ reason: `${'['.repeat(100)} "quoted \\" ${'{'.repeat(100)}` });
    expect(jsonDepthExceeds(Buffer.from(text), 2)).toBe(false);
  });

  it('counts siblings at their own depth, not cumulatively', () => {
    const text = JSON.stringify({ lines: Array.from({ length: 100 }, (_, i) => ({ amount: String(i), tags: [[1]] })) });
    // { lines: [ { tags: [ [ — five levels, however many lines there are.
    expect(jsonDepthExceeds(Buffer.from(text), 5)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(text), 4)).toBe(true);
  });
});
