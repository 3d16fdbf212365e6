/**
 * What the kinds' body checks (`<kind>/body.ts`) share: an event body from another node is
 * any JSON, so before a decider's own field checker sees a value, its JSON type is checked
 * here and a wrong one is refused with a DomainError naming the field (`body.<path>`) rather
 * than a TypeError inside the checker. The limits themselves stay the deciders' own.
 */
import { invalid } from './errors.js';
import { checkMultilingualText } from './multilingual.js';
import type { RecordedEvent } from './recorded.js';
import { reasonText } from './reasons.js';
import type { MultilingualText } from './types.js';

export type Fields = { readonly [key: string]: unknown };

/** The fields a decider writes for one event type, and the check of their values. */
export interface BodyRule {
  readonly fields: readonly string[];
  check(body: Fields): void;
}

export function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` as an object with no field but `fields`; `path` names it (`body`, `body.next`). */
export function objectWith(value: unknown, path: string, fields: readonly string[], code = 'body_invalid'): Fields {
  if (!isObject(value)) throw invalid(code, path, 'must be an object');
  const extra = Object.keys(value).find((key) => !fields.includes(key));
  if (extra !== undefined) throw invalid('field_unknown', `${path}.${extra}`, 'is not a field of this event');
  return value;
}

/**
 * Checks `event`'s body by the rule of its type: nothing when withheld (redacted at its
 * author's node: the envelope alone is checked), else an object of the rule's fields only.
 */
export function checkBodyByRule(event: RecordedEvent, rules: { readonly [type: string]: BodyRule }): void {
  if (event.body === undefined) return;
  const rule = Object.hasOwn(rules, event.type) ? rules[event.type] : undefined;
  if (rule === undefined) throw invalid('type_unknown', 'type', `${event.type} is not an event type of this kind`);
  rule.check(objectWith(event.body, 'body', rule.fields));
}

/** A multilingual text's JSON shape: an object (its versions are checkMultilingualText's). */
export function textShape(value: unknown, field: string): MultilingualText {
  if (!isObject(value)) throw invalid('text_invalid', field, 'must map language tags to text');
  return value as MultilingualText;
}

/** A multilingual text as the deciders check it. */
export function bodyText(value: unknown, field: string): void {
  checkMultilingualText(textShape(value, field), field);
}

/**
 * A reason as the deciders write it (reasonText): text, not blank, within the limit. An
 * optional reason that is blank is left out of the body, so a present one is never blank.
 */
export function bodyReason(value: unknown, field: string, required: boolean): void {
  if (value === undefined && !required) return;
  if (value !== undefined && typeof value !== 'string') throw invalid('reason_invalid', field, 'must be text');
  reasonText(value as string | undefined, field, true);
}
