// Hostile input for the property-based fuzz tests (*.fuzz.test.ts): what a browser form, a JSON
// client or a CSV export could send, biased towards what breaks parsers, SQL, HTML and spreadsheets.
// Everything here is JSON-like (strings, numbers, booleans, null, arrays, plain objects), because that
// is all a form, a query string or a JSON body can carry.
import fc from 'fast-check';

/** Strings that have broken something somewhere: markup, SQL, NUL, bidi marks, lone surrogates,
 * characters whose case mapping changes length, numbers in disguise, spreadsheet formulas. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '   \t  ',
  '\n',
  '\r\n',
  '\r',
  '\u0000',
  'a\u0000b',
  '\u0000' + 'x'.repeat(30),
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '<b>bold</b> &amp; &lt;',
  '&#x3C;script&#x3E;',
  'javascript:alert(1)',
  "'; DROP TABLE requests; --",
  "' OR '1'='1",
  '1 OR 1=1',
  '%',
  '_',
  '%_%',
  '\\',
  '\\%',
  '*',
  '?',
  '[a-z]',
  '=HYPERLINK("http://x")',
  '=1+1',
  '+1',
  '-1',
  '@SUM(A1)',
  '\t=1',
  '\r=1',
  '\u202Eevil\u202C',
  '\u200F\u200E',
  '\u200B',
  '\uFEFF',
  '\u00A0',
  '\u2028\u2029',
  '\u3000',
  '\uD800',
  '\uDFFF',
  'a\uD83D',
  '😀👩‍👩‍👧‍👦',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'ß',
  'ﬃ',
  'İ',
  'ŉ',
  'ǅ',
  'Å',
  'A\u030A',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '0',
  '1e308',
  '1e-7',
  '0x10',
  '0b11',
  '0o7',
  ' 42 ',
  '42abc',
  '9007199254740993',
  '-9007199254740993',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'true',
  'on',
  'yes',
  'false',
  '2024-02-30',
  '0000-01-01',
  '9999-12-31',
  '2025-13-01',
  '2024-02-29',
  '1970-01-01',
  '2025-01-01T00:00:00Z',
  '2019-03-14T09:30:00-04:00',
];

const unicodeString = fc.string({ unit: 'grapheme', maxLength: 40 });
const anyCodeUnitString = fc.string({ unit: 'binary', maxLength: 40 });
// UTF-16 code units, lone surrogates included (what JSON.parse("\"\\ud800\"") yields).
const codeUnitString = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 30 }).map((units) => String.fromCharCode(...units));

/** A short hostile string: a nasty sample, random unicode, or a mix of the two. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: unicodeString },
  { weight: 1, arbitrary: anyCodeUnitString },
  { weight: 1, arbitrary: codeUnitString },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...NASTY_STRINGS), { minLength: 2, maxLength: 6 }).map((parts) => parts.join('')) },
);

/** A long string: around a limit (100, 120, 200, 2,000, 4,000 …) or well past it. */
export const longString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('x', 'é', '😀', '<', '\u0000', ' ', 'ab<script>', "'"), fc.constantFrom(19, 20, 40, 41, 99, 100, 101, 119, 120, 121, 199, 200, 201, 256, 257, 500, 501, 1999, 2000, 2001, 3999, 4000, 4001, 10_000))
  .map(([piece, n]) => piece.repeat(Math.ceil(n / piece.length)).slice(0, n));

/** Any hostile string, long ones included. */
export const hostileString: fc.Arbitrary<string> = fc.oneof({ weight: 5, arbitrary: nastyString }, { weight: 1, arbitrary: longString });

/** Text that passes a "trimmed, at least N characters" rule but carries hostile content. */
export const hostileText = (minLength = 1, maxLength = 120): fc.Arbitrary<string> =>
  fc
    .tuple(nastyString, fc.constantFrom('Text <i>x</i> ', 'Ab', 'O\u2019Brien ', 'x\u0000y ', '<script>alert(1)</script>', "'; DROP TABLE agents; --"))
    .map(([hostile, core]) => {
      // Lengths as zod counts them (code points), so a text meant to be long enough is.
      let text = `${core}${hostile}`;
      while ([...text.trim()].length < minLength) text += ' <b>pad</b>';
      return text.length > maxLength ? text.slice(0, maxLength) : text;
    });

/** An object whose conversion to a string or number throws: JSON.parse('{"toString":1}') is one. */
export const primitiveBomb: fc.Arbitrary<unknown> = fc.constantFrom(
  JSON.parse('{"toString":1}'),
  JSON.parse('{"valueOf":1,"toString":1}'),
  JSON.parse('{"toString":{},"valueOf":{}}'),
  JSON.parse('[{"toString":1}]'),
  JSON.parse('{"__proto__":{"toString":1}}'),
  JSON.parse('{"length":1e9}'),
  JSON.parse('{"length":-1,"0":"a"}'),
);

/** A number anywhere on the line, and the special ones. */
export const anyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.integer({ min: -3, max: 200 }),
  fc.double(),
  fc.constantFrom(0, -0, 1, -1, 0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, Number.MIN_SAFE_INTEGER, Number.MAX_VALUE, Number.EPSILON, 2 ** 31, 2 ** 63),
);

/** Any JSON-like value where a string (or a number) is expected. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 2, arbitrary: anyNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.array(anyNumber, { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString, nastyString, { maxKeys: 3 }) },
  { weight: 1, arbitrary: primitiveBomb },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** An id as a form or a JSON client could send it. */
export const hostileId = (realIds: readonly number[] = []): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 2, arbitrary: realIds.length ? fc.constantFrom(...realIds) : fc.constant(1) },
    { weight: 1, arbitrary: realIds.length ? fc.constantFrom(...realIds).map(String) : fc.constant('1') },
    { weight: 1, arbitrary: realIds.length ? fc.constantFrom(...realIds).map((id) => ` ${id} `) : fc.constant(' 1 ') },
    { weight: 2, arbitrary: anyNumber },
    { weight: 1, arbitrary: fc.constantFrom('1e3', '0x1f', '1.0', '01', '+7', '-7', '1e400', '9007199254740993', '', ' ', 'abc') },
    { weight: 1, arbitrary: hostileValue },
  );

/** Any JSON-like value at all, from fast-check's own generators and ours. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 2, maxKeys: 5, withNullPrototype: false, withBoxedValues: false, withMap: false, withSet: false, withBigInt: false, withDate: false, withTypedArray: false, withSparseArray: false }),
  fc.object({ maxDepth: 2, maxKeys: 5 }),
  fc.jsonValue({ maxDepth: 2 }),
  hostileValue,
);

/** A record with exactly the keys a use case reads, each either a good value or a hostile one. */
export function hostileRecord<T extends Record<string, fc.Arbitrary<unknown>>>(good: T, goodWeight = 3): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, arbitrary] of Object.entries(good)) {
    model[key] = fc.oneof({ weight: goodWeight, arbitrary }, { weight: 1, arbitrary: hostileValue });
  }
  return fc.record(model, { requiredKeys: [] }).chain((record) =>
    // Sometimes an extra key a client should not be able to set.
    fc.option(fc.constantFrom('id', 'state', 'createdByUserId', 'isImported', '__proto__', 'constructor', 'role', 'passwordHash', 'at'), { nil: undefined }).chain((extra) =>
      extra === undefined ? fc.constant(record) : hostileValue.map((value) => ({ ...record, [extra]: value })),
    ),
  );
}

/** An ISO calendar date, real or not, inside or outside the usual range. */
export const isoDateish: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2026, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.constantFrom('0000-01-01', '0001-01-01', '0099-12-31', '1900-02-29', '2000-02-29', '2024-02-29', '2023-02-29', '2025-04-31', '9999-12-31', '2025-00-10', '2025-01-00', '2025-1-1', '20250101', '2025-01-01T00:00:00Z', ' 2025-01-01', '2025-01-01 ') },
);
