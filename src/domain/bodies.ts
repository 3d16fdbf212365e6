/**
 * What the kinds' body checks (`<kind>/body.ts`, the `checkBody` hook of aggregate.ts) share.
 * An event body from another node is any JSON, and a decider's own field checkers are written
 * for commands the HTTP schemas already typed; so before a checker sees a value, its JSON type
 * is checked here and a wrong one is refused with a DomainError naming `body.<path>` rather
 * than a TypeError inside the checker. The limits themselves stay the deciders' own. Nothing
 * here depends on state or on the clock: another node's events arrive later than they were
 * decided, and in other orders.
 */
import { invalid } from './errors.js';
import { checkId } from './ids.js';
import { checkInstant } from './meeting/fields.js';
import { checkMultilingualText } from './multilingual.js';
import type { DialogueContext, RecordedEvent } from './recorded.js';
import { reasonText } from './reasons.js';
import type { MultilingualText } from './types.js';

export type Body = { readonly [key: string]: unknown };

export function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON object, or `code` naming `field`. */
export function objectAt(value: unknown, field: string, code: string, reason = 'must be an object'): Body {
  if (!isObject(value)) throw invalid(code, field, reason);
  return value;
}

/** No fields but `fields` (`field_unknown`, naming `<at>.<name>`): a decider writes no other. */
export function onlyFields(body: Body, fields: readonly string[], at = 'body'): void {
  const extra = Object.keys(body).find((key) => !fields.includes(key));
  if (extra !== undefined) throw invalid('field_unknown', `${at}.${extra}`, 'is not a field of this event');
}

/** `value` as an object with no field but `fields`; `path` names it (`body`, `body.next`). */
export function objectWith(value: unknown, path: string, fields: readonly string[], code = 'body_invalid'): Body {
  const object = objectAt(value, path, code);
  onlyFields(object, fields, path);
  return object;
}

/** The event's body as an object, or undefined when withheld (redacted at its author's node: the envelope alone is checked). */
export function bodyOf(event: RecordedEvent): Body | undefined {
  if (event.body === undefined) return undefined;
  return objectAt(event.body, 'body', 'body_invalid');
}

/**
 * A `checkBody` from one check per event type of the kind: withheld bodies pass, anything but
 * an object is refused, and a type without a check is not the kind's.
 */
export function bodyChecker(
  checks: { readonly [type: string]: (body: Body, dialogue: DialogueContext) => void },
): (event: RecordedEvent, dialogue: DialogueContext) => void {
  return (event, dialogue) => {
    const body = bodyOf(event);
    if (body === undefined) return;
    const check = Object.hasOwn(checks, event.type) ? checks[event.type] : undefined;
    if (check === undefined) throw invalid('type_unknown', 'type', `${event.type} is not an event type of this kind`);
    check(body, dialogue);
  };
}

/** A party the body names: one of the dialogue's, as the deciders require. */
export function partyAt(value: unknown, field: string, dialogue: DialogueContext): string {
  if (typeof value !== 'string' || !dialogue.parties.includes(value as never)) {
    throw invalid('party_unknown', field, `must be a party of the dialogue: ${dialogue.parties.join(', ')}`);
  }
  return value;
}

/** The fields a decider writes for one event type, and the check of their values. */
export interface BodyRule {
  readonly fields: readonly string[];
  check(body: Body): void;
}

/** A `checkBody` from one rule per event type: the rule's fields only, then its check. */
export function ruleChecker(rules: { readonly [type: string]: BodyRule }): (event: RecordedEvent, dialogue: DialogueContext) => void {
  return bodyChecker(Object.fromEntries(Object.entries(rules).map(([type, rule]) => [type, (body: Body) => {
    onlyFields(body, rule.fields);
    rule.check(body);
  }])));
}

/** A multilingual text's JSON shape: an object (its versions are checkMultilingualText's). */
export function textShape(value: unknown, field: string): MultilingualText {
  return objectAt(value, field, 'text_invalid', 'must map language tags to text') as MultilingualText;
}

/** A multilingual text as the deciders check it. */
export function textAt(value: unknown, field: string): MultilingualText {
  return checkMultilingualText(textShape(value, field), field);
}

export function optionalTextAt(value: unknown, field: string): void {
  if (value !== undefined) textAt(value, field);
}

/**
 * A reason as the deciders write it (reasonText): text, not blank, within the limit. An
 * optional reason that is blank is left out of the body, so a present one is never blank.
 */
export function reasonAt(value: unknown, field: string, required: boolean): void {
  if (value === undefined) {
    reasonText(undefined, field, required);
    return;
  }
  if (typeof value !== 'string') throw invalid('reason_invalid', field, 'must be text');
  reasonText(value, field, true);
}

export function optionalReason(value: unknown, field: string): void {
  reasonAt(value, field, false);
}

/** `body.target`: the id of the aggregate a changing event acts on. */
export function checkTarget(body: Body): string {
  return checkId(body.target, 'body.target', 'target_invalid');
}

/** A changing event's body: its `target`, and no field but `others` besides. */
export function changingBody(body: Body, others: readonly string[]): void {
  onlyFields(body, ['target', ...others]);
  checkTarget(body);
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
  if (isObject(rebuilt)) {
    if (!isObject(value)) throw invalid('body_invalid', field, 'is not as this node writes it');
    onlyFields(value, Object.keys(rebuilt), field);
    for (const key of Object.keys(rebuilt)) sameShape(value[key], rebuilt[key], `${field}.${key}`);
    return;
  }
  if (value !== rebuilt) throw invalid('body_invalid', field, 'is not as this node writes it');
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
