import fc from 'fast-check';

/**
 * fast-check arbitraries for the fault-injection suite: valid and malformed money, junk of every
 * JSON shape, and a mutator that breaks one spot of an otherwise valid payload. Each generated
 * payload says where it came from, so the suite can count what it injected.
 */

/** A valid amount ("1234.50", "7", "0.5"), in cents between min and max. */
export function moneyString({ min = 0n, max = 999999999999n * 100n } = {}): fc.Arbitrary<string> {
  return fc.bigInt({ min, max }).chain((c) => {
    const yuan = (c / 100n).toString();
    const fen = (c % 100n).toString().padStart(2, '0');
    // The same amount written the three ways MONEY_PATTERN allows.
    const forms = [`${yuan}.${fen}`, ...(fen.endsWith('0') ? [`${yuan}.${fen[0]}`] : []), ...(fen === '00' ? [yuan] : [])];
    return fc.constantFrom(...forms);
  });
}

/** Amounts a form or a script might send that are not money. */
export function malformedMoney(): fc.Arbitrary<unknown> {
  return fc.oneof(
    moneyString().map((s) => `-${s}`),
    moneyString()
      .map((s) => `${s}1`)
      .filter((s) => /\.\d{3}$/.test(s)),
    fc.constantFrom(
      '',
      ' ',
      '1e5',
      '1E3',
      'NaN',
      'Infinity',
      '-0',
      '00',
      '01.00',
      '1.',
      '.5',
      '1,000.00',
      '１２３',
      '1 000',
      '0x10',
      '+5',
      '1.000',
      '9999999999999',
      '12.3.4',
    ),
    fc.double(),
    fc.integer(),
    fc.constant(null),
    fc.boolean(),
    fc.array(moneyString(), { maxLength: 2 }),
    fc.string({ unit: 'binary', maxLength: 20 }).filter((s) => !/^(0|[1-9]\d{0,11})(\.\d{1,2})?$/.test(s)),
  );
}

/** Strings that stress storage and rendering rather than parsing. */
export function nastyString(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.constantFrom(
      '\u0000',
      'a\u0000b',
      '\ud800',
      '\udfff\ud800',
      '<script>alert(1)</script>',
      '\'; DROP TABLE "User"; --',
      '{{constructor}}',
      '\u202e\u200b',
      '🀄'.repeat(50),
      ' '.repeat(20),
    ),
    fc.integer({ min: 5000, max: 30000 }).map((n) => '长'.repeat(n)),
  );
}

/** Any value of any JSON shape, including deep nesting and keys that mean something to JavaScript. */
export function junk(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 2, arbitrary: nastyString() },
    { weight: 1, arbitrary: malformedMoney() },
    {
      weight: 1,
      arbitrary: fc.constantFrom(null, true, -1, 0, 2 ** 53, -(2 ** 31), 1.5, [], {}, JSON.parse('{"__proto__":{"admin":true}}'), {
        constructor: { prototype: {} },
      }),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 60 }).map((d) => nest(d)) },
  );
}

function nest(depth: number): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { v };
  return v;
}

export type Origin = 'valid' | 'mutated' | 'junk';
export interface Generated {
  origin: Origin;
  body: unknown;
  /** Raw text sent as application/json instead of JSON.stringify(body): malformed JSON. */
  raw?: string;
}

type Path = (string | number)[];

function paths(v: unknown, prefix: Path = []): Path[] {
  if (v === null || typeof v !== 'object') return [prefix];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [prefix, ...keys.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...prefix, k]))];
}

function mutateAt(v: unknown, path: Path, how: 'replace' | 'delete' | 'extra', value: unknown): unknown {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  if (path.length === 0) return how === 'replace' ? value : copy;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (how === 'replace') node[last] = value;
  else if (how === 'delete') {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else if (!Array.isArray(node)) node[`x${String(last)}Extra`] = value;
  else node.push(value);
  return copy;
}

/** One spot of a valid payload broken: a field replaced by junk, removed, or a stranger added. */
export function mutated(valid: fc.Arbitrary<object>): fc.Arbitrary<unknown> {
  return valid.chain((v) => {
    const all = paths(v);
    return fc
      .tuple(
        fc.constantFrom(...all),
        fc.constantFrom('replace', 'delete', 'extra', 'replace') as fc.Arbitrary<'replace' | 'delete' | 'extra'>,
        junk(),
      )
      .map(([path, how, value]) => mutateAt(v, path, how, value));
  });
}

/** Text that is not JSON at all, or JSON cut short. */
export function malformedJson(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('{', '{"a":', '[1,2', 'undefined', "{'a':1}", '{"a":1,}', '\u0000', 'null null', '{"__proto__":'),
    fc
      .jsonValue()
      .map((v) => JSON.stringify(v))
      .filter((s) => s.length > 2)
      .map((s) => s.slice(0, -1)),
  );
}

/** The mix every endpoint receives: a few valid payloads, many broken ones, some plain junk. */
export function payloadFor(valid: fc.Arbitrary<object>): fc.Arbitrary<Generated> {
  return fc.oneof(
    { weight: 2, arbitrary: valid.map((body): Generated => ({ origin: 'valid', body })) },
    { weight: 6, arbitrary: mutated(valid).map((body): Generated => ({ origin: 'mutated', body })) },
    { weight: 2, arbitrary: junk().map((body): Generated => ({ origin: 'junk', body })) },
    { weight: 1, arbitrary: malformedJson().map((raw): Generated => ({ origin: 'junk', body: undefined, raw })) },
  );
}
