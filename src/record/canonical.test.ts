// Canonical JSON: RFC 8785 examples that fit the integer-only profile (and rejections of the
// ones that do not), plus property tests against the independent `canonicalize` package.
import canonicalizeRef from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalize } from './canonical.js';
import { CanonicalizationError } from './errors.js';

function rejection(value: unknown): CanonicalizationError {
  try {
    canonicalize(value);
  } catch (error) {
    if (error instanceof CanonicalizationError) return error;
    throw error;
  }
  throw new Error(`expected ${String(value)} to be rejected`);
}

describe('RFC 8785 examples', () => {
  it('§3.2.2 strings and literals serialise as the RFC shows', () => {
    const input = JSON.parse(String.raw`{"string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]}`);
    expect(canonicalize(input)).toBe(String.raw`{"literals":[null,true,false],"string":"€$\u000f\nA'B\"\\\\\"/"}`);
  });

  it('§3.2.2 full example is rejected: its numbers are floats', () => {
    const input = JSON.parse(String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`);
    const error = rejection(input);
    expect(error.path).toBe('numbers[0]');
    expect(error.message).toMatch(/^numbers\[0\]: 333333333\.3333333 is not an integer/);
  });

  it('§3.2.3 sorts properties by UTF-16 code units', () => {
    const input = JSON.parse(String.raw`{
      "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"
    }`);
    const expected =
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
      '"\u20ac":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}';
    expect(canonicalize(input)).toBe(expected);
    // §3.2.4: the canonical form is UTF-8.
    expect(canonicalBytes(input).subarray(0, 8).toString('hex')).toBe('7b225c72223a2243');
  });

  // Appendix B: IEEE 754 bit patterns and their RFC 8785 text. Only 0 is an integer within
  // ±(2^53−1); every other one (including -0, which the RFC writes as "0") must be rejected.
  const APPENDIX_B: [string, string][] = [
    ['0000000000000000', '0'], ['8000000000000000', '0'], ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'], ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'], ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'], ['4430000000000000', '295147905179352830000'],
    ['7fffffffffffffff', 'NaN'], ['7ff0000000000000', 'Infinity'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'], ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'], ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'], ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'], ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'], ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'], ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'], ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  it.each(APPENDIX_B)('Appendix B %s (RFC: %s)', (hex, rfcText) => {
    const value = Buffer.from(hex, 'hex').readDoubleBE(0);
    if (hex === '0000000000000000') {
      expect(canonicalize(value)).toBe(rfcText);
      return;
    }
    if (!Number.isNaN(value) && !Object.is(value, -0)) expect(String(value)).toBe(rfcText);
    expect(rejection({ n: [value] }).path).toBe('n[0]');
  });

  it('accepts the largest safe integers', () => {
    expect(canonicalize([9007199254740991, -9007199254740991])).toBe('[9007199254740991,-9007199254740991]');
  });
});

const unicode = fc.string({ unit: 'binary', maxLength: 12 });
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.constant(null), fc.boolean(), fc.maxSafeInteger(), unicode,
    fc.array(tie('json'), { maxLength: 5 }),
    fc.dictionary(unicode, tie('json'), { maxKeys: 5 }),
  ),
}));

describe('canonicalize, property-based', () => {
  it('agrees with the independent canonicalize package on integer-only JSON', () => {
    fc.assert(fc.property(json, (value) => canonicalize(value) === canonicalizeRef(value)), { numRuns: 500 });
  });

  it('agrees on fast-check JSON values with numbers mapped to integers', () => {
    const toIntegers = (v: unknown): unknown => {
      if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) % Number.MAX_SAFE_INTEGER || 0 : 0;
      if (Array.isArray(v)) return v.map(toIntegers);
      if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toIntegers(x)]));
      return v;
    };
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }).map(toIntegers), (value) => canonicalize(value) === canonicalizeRef(value)),
      { numRuns: 300 },
    );
  });

  it('is stable: parsing the canonical text and canonicalising again gives the same text', () => {
    fc.assert(fc.property(json, (value) => canonicalize(JSON.parse(canonicalize(value))) === canonicalize(value)), { numRuns: 300 });
  });

  const loneSurrogate = fc
    .tuple(unicode, fc.integer({ min: 0xd800, max: 0xdfff }), unicode)
    .map(([a, s, b]) => a + String.fromCharCode(s) + b);
  const bad = fc.oneof(
    fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }),
    fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, undefined),
    fc.oneof(fc.double({ min: 2 ** 53, max: 1e300 }), fc.double({ min: -1e300, max: -(2 ** 53) })),
    loneSurrogate,
  );

  it('rejects floats, NaN, -0, unsafe integers, undefined and lone surrogates, naming the path', () => {
    fc.assert(
      fc.property(unicode, fc.nat({ max: 3 }), bad, (key, i, value) => {
        const holder: unknown[] = [0, 1, 2, 3];
        holder[i] = { [key]: value };
        return rejection({ outer: holder }).path === `outer[${i}].${key}`;
      }),
      { numRuns: 500 },
    );
  });

  it('rejects a lone surrogate in a key and a non-plain object', () => {
    expect(rejection({ a: { '\ud800x': 1 } }).path).toBe('a.\ud800x');
    expect(rejection({ d: new Date(0) }).message).toBe('d: only plain objects are JSON objects');
  });
});
