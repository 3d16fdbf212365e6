/**
 * RFC 8785 (JSON Canonicalization Scheme) for Parley's signed content.
 *
 * Signed content is I-JSON restricted further (ARCHITECTURE.md "Event"): numbers must be
 * integers within ±(2^53−1), so no float, NaN, Infinity or -0 ever reaches a signature.
 * With that restriction RFC 8785's number serialisation is plain decimal integer text.
 * Strings are escaped as ECMAScript's JSON.stringify does (which RFC 8785 adopts), and
 * object keys are sorted by UTF-16 code units (JavaScript's default string order).
 * Lone surrogates are rejected: I-JSON requires valid Unicode.
 *
 * Every event is canonicalised several times (signing, its id, its Merkle leaf, verification),
 * so the encoder runs first without tracking the JSON path of each value: it gives up on the
 * first value it would reject, and only then does the path-tracking encoder run again to name
 * the value and the reason. Both encoders write the same text for every value they accept.
 */
import { CanonicalizationError } from './errors.js';

/** A JSON value as it may appear in signed content. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The canonical text of `value`; throws CanonicalizationError naming the path of a bad value. */
export function canonicalize(value: unknown): string {
  try {
    return fast(value);
  } catch (error) {
    if (error !== REFUSED) throw error;
  }
  return encode(value, '');
}

/** The canonical UTF-8 bytes of `value`. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}

/** The canonical JSON text of a string (throws CanonicalizationError for a lone surrogate). */
export function canonicalString(value: string): string {
  return isWellFormed.call(value) ? JSON.stringify(value) : encodeString(value, '');
}

/** Thrown (never escapes) when `fast` meets a value the path-tracking encoder must explain. */
const REFUSED: unknown = Object.freeze({ refused: true });

/** `String.prototype.isWellFormed` (ES2024, in Node 20): true when there is no lone surrogate. */
const isWellFormed = (String.prototype as unknown as { isWellFormed: (this: string) => boolean }).isWellFormed;

function fast(value: unknown): string {
  switch (typeof value) {
    case 'string':
      if (!isWellFormed.call(value)) throw REFUSED;
      return JSON.stringify(value);
    case 'number':
      if (!Number.isSafeInteger(value) || Object.is(value, -0)) throw REFUSED;
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + fast(value[i]);
        return out + ']';
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw REFUSED;
      const object = value as Record<string, unknown>;
      const keys = Object.keys(object);
      for (let i = 1; i < keys.length; i++) {
        if (keys[i - 1]! > keys[i]!) { keys.sort(); break; }
      }
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const child = object[key];
        if (child === undefined || !isWellFormed.call(key)) throw REFUSED;
        out += (i > 0 ? ',' : '') + JSON.stringify(key) + ':' + fast(child);
      }
      return out + '}';
    }
    default:
      throw REFUSED;
  }
}

function encode(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
      return encodeString(value, path);
    case 'number':
      return encodeNumber(value, path);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return encodeArray(value, path);
      return encodeObject(value as Record<string, unknown>, path);
    default:
      throw new CanonicalizationError(path, `${typeof value} is not a JSON value`);
  }
}

function encodeString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new CanonicalizationError(path, 'string contains a lone surrogate (not valid Unicode)');
  }
  return JSON.stringify(value);
}

function encodeNumber(value: number, path: string): string {
  if (!Number.isFinite(value)) throw new CanonicalizationError(path, `${value} is not allowed`);
  if (!Number.isInteger(value)) {
    throw new CanonicalizationError(path, `${value} is not an integer (use a scaled integer or a decimal string)`);
  }
  if (Object.is(value, -0)) throw new CanonicalizationError(path, '-0 is not allowed');
  if (!Number.isSafeInteger(value)) {
    throw new CanonicalizationError(path, `${value} is outside ±(2^53−1)`);
  }
  return String(value);
}

function encodeArray(value: readonly unknown[], path: string): string {
  let out = '[';
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out += ',';
    out += encode(value[i], `${path}[${i}]`);
  }
  return out + ']';
}

function encodeObject(value: Record<string, unknown>, path: string): string {
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    throw new CanonicalizationError(path, 'only plain objects are JSON objects');
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const child = value[key];
    const childPath = path ? `${path}.${key}` : key;
    if (child === undefined) throw new CanonicalizationError(childPath, 'undefined is not a JSON value');
    if (!first) out += ',';
    first = false;
    out += encodeString(key, childPath) + ':' + encode(child, childPath);
  }
  return out + '}';
}
