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
    // Deep and unbalanced, or deep inside a string (which does not count as nesting).
    fc.integer({ min: 33, max: 20000 }).map((n) => '['.repeat(n)),
    fc.integer({ min: 33, max: 5000 }).map((n) => `{"a":"${'['.repeat(n)}"}`),
    fc
      .jsonValue()
      .map((v) => JSON.stringify(v))
      .filter((s) => s.length > 2)
      .map((s) => s.slice(0, -1)),
  );
}

/**
 * JSON nested far past the API's limit (issue 15: 2,000 levels overflowed the validation pipe),
 * written as text because JSON.stringify itself would overflow on such a value.
 */
export function deepJson(): fc.Arbitrary<string> {
  return fc.tuple(fc.integer({ min: 33, max: 5000 }), fc.constantFrom('[{"v":', '{"v":[', '[')).map(
    ([n, open]) =>
      `${open.repeat(n)}1${[...open.replace(/"v":/g, '')]
        .reverse()
        .map((c) => (c === '[' ? ']' : '}'))
        .join('')
        .repeat(n)}`,
  );
}

/** A valid payload with a deeply nested stranger beside its fields. */
function validWithDeepField(valid: fc.Arbitrary<object>): fc.Arbitrary<string> {
  return fc.tuple(valid, deepJson()).map(([v, deep]) => {
    const text = JSON.stringify(v);
    return text.startsWith('{') && text.length > 2 ? `${text.slice(0, -1)},"deep":${deep}}` : deep;
  });
}

/** The mix every endpoint receives: a few valid payloads, many broken ones, some plain junk. */
export function payloadFor(valid: fc.Arbitrary<object>): fc.Arbitrary<Generated> {
  return fc.oneof(
    { weight: 2, arbitrary: valid.map((body): Generated => ({ origin: 'valid', body })) },
    { weight: 6, arbitrary: mutated(valid).map((body): Generated => ({ origin: 'mutated', body })) },
    { weight: 2, arbitrary: junk().map((body): Generated => ({ origin: 'junk', body })) },
    { weight: 1, arbitrary: malformedJson().map((raw): Generated => ({ origin: 'junk', body: undefined, raw })) },
    { weight: 1, arbitrary: validWithDeepField(valid).map((raw): Generated => ({ origin: 'mutated', body: undefined, raw })) },
  );
}

/**
 * What a query string may carry where a whole number belongs: huge and tiny numbers, exponents,
 * hex, other digits, signs, blanks, repeated keys (an array). Each is either a whole number the
 * API takes or a 400 naming the field — never a 500 (issue 15: `?page=1e300`).
 */
export function oddNumberText(): fc.Arbitrary<string | string[]> {
  return fc.oneof(
    fc.constantFrom('1e300', '1e21', '-1e308', '9'.repeat(400), 'Infinity', '-Infinity', 'NaN', '0x1F', '0b11', '1_000', '١٢', '１２'),
    fc.constantFrom('', ' ', '0', '-0', '-1', '1.5', '1.0', '2147483648', '9007199254740993', '1e6', '1000001', '%00', 'null', '[]'),
    fc.integer({ min: -10, max: 2_000_000 }).map(String),
    fc.double().map(String),
    fc.bigInt({ min: 10n ** 15n, max: 10n ** 40n }).map(String),
    fc.array(fc.integer({ min: 1, max: 3 }).map(String), { minLength: 2, maxLength: 3 }),
  );
}

/** Content-Disposition file parameters a script might send: control and bidirectional characters, raw or RFC 5987-encoded, missing or huge names. */
export function oddFileDisposition(): fc.Arbitrary<string> {
  const bad = fc.constantFrom('%00', '%07', '%0D%0A', '%1B%5B31m', '%7F', '%C2%85', '%E2%80%AE', '%FF%FE', '%', '%ZZ');
  return fc.oneof(
    fc
      .tuple(fc.string({ maxLength: 20 }), bad)
      .map(([s, b]) => `form-data; name="file"; filename*=UTF-8''${encodeURIComponent(s)}${b}.pdf`),
    fc.string({ unit: 'binary', maxLength: 40 }).map((s) => `form-data; name="file"; filename="${s.replace(/["\r\n]/g, '')}.pdf"`),
    fc.constantFrom(
      'form-data; name="file"; filename="a\u0000b.pdf"',
      'form-data; name="file"',
      'form-data; name="file"; filename=""',
      'form-data; name="file"; filename="../../etc/passwd"',
      `form-data; name="file"; filename="${'长'.repeat(5000)}.pdf"`,
      'form-data; name="file"; filename*=GB2312\'\'%B2%E2%CA%D4.pdf',
      'form-data; name="other"; filename="x.pdf"',
    ),
  );
}
