/**
 * Pieces of the body checks of the crisis-channel kinds (talk requests, queries, notices,
 * assurances, incidents, terms, hotline calls and link tests; each kind's body.ts): an event
 * from another node must have a body this node's deciders could have written. The checks
 * reuse the deciders' own field checkers, so the limits cannot drift; these helpers add what
 * a decider never needs — refusing what is not an object, fields no decider writes, and types
 * a command's schema would have refused before the decider saw it. Field names are
 * `body.<path>`. Nothing here depends on state or on the clock: another node's events arrive
 * later than they were decided, and in other orders.
 */
import { invalid } from './errors.js';
import { checkId } from './ids.js';
import { checkInstant } from './meeting/fields.js';
import { checkMultilingualText } from './multilingual.js';
import { reasonText } from './reasons.js';
import type { RecordedEvent } from './recorded.js';
import type { MultilingualText } from './types.js';

export type Body = { readonly [key: string]: unknown };

export function isPlainObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The event's body as an object, or undefined when withheld (only the envelope is checked). */
export function bodyOf(event: RecordedEvent): Body | undefined {
  if (event.body === undefined) return undefined;
  if (!isPlainObject(event.body)) throw invalid('body_invalid', 'body', 'must be an object');
  return event.body;
}

/** Refuses any field but `fields`: a decider writes no other. */
export function onlyFields(value: Body, fields: readonly string[], field = 'body'): void {
  const extra = Object.keys(value).find((key) => !fields.includes(key));
  if (extra !== undefined) throw invalid('field_unknown', `${field}.${extra}`, 'is not a field of this event');
}

/**
 * `value` must be exactly what a decider's checker made of it (`rebuilt`, the checker's clean
 * copy): a field the checker drops is one no decider writes. Checkers are idempotent, so a
 * body a decider wrote always equals its own rebuilt copy.
 */
export function sameShape(value: unknown, rebuilt: unknown, field: string): void {
  if (Array.isArray(rebuilt)) {
    if (!Array.isArray(value) || value.length !== rebuilt.length) throw invalid('body_invalid', field, 'is not as this node writes it');
    rebuilt.forEach((item: unknown, i) => sameShape(value[i], item, `${field}[${i}]`));
    return;
  }
  if (isPlainObject(rebuilt)) {
    if (!isPlainObject(value)) throw invalid('body_invalid', field, 'is not as this node writes it');
    onlyFields(value, Object.keys(rebuilt), field);
    for (const key of Object.keys(rebuilt)) sameShape(value[key], rebuilt[key], `${field}.${key}`);
    return;
  }
  if (value !== rebuilt) throw invalid('body_invalid', field, 'is not as this node writes it');
}

/** `target`: the aggregate a changing event names (an event id). */
export function checkTarget(body: Body): string {
  return checkId(body.target, 'body.target', 'target_invalid');
}

/** A multilingual text, as the deciders check it; an object first (the command schemas see to that). */
export function checkText(value: unknown, field: string): MultilingualText {
  if (!isPlainObject(value)) throw invalid('text_invalid', field, 'must map language tags to text');
  return checkMultilingualText(value as MultilingualText, field);
}

export function optionalText(value: unknown, field: string): void {
  if (value !== undefined) checkText(value, field);
}

/** An optional reason: deciders leave a blank one out, so present means not blank. */
export function optionalReason(value: unknown, field: string): void {
  if (value === undefined) return;
  if (typeof value !== 'string') throw invalid('reason_invalid', field, 'must be text');
  reasonText(value, field, true);
}

/**
 * An instant a node computed (a deadline: a time plus a period, `Date#toISOString`), or one
 * it copied from a checked instant. Only the form is checked, never against this node's clock;
 * `toISOString` may write years beyond 9999 or before 0100, which `checkInstant` does not take.
 */
export function checkComputedInstant(value: unknown, field: string): string {
  if (typeof value === 'string') {
    const time = Date.parse(value);
    if (Number.isFinite(time) && new Date(time).toISOString() === value) return value;
  }
  return checkInstant(value, field);
}

/** A count a decider copies or computes: a whole number, at least `min`. */
export function checkWhole(value: unknown, field: string, code: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalid(code, field, `must be a whole number, at least ${min}`);
  }
  return value;
}
