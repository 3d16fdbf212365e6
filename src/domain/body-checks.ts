/**
 * Shape checks shared by the kinds' `checkBody` hooks (aggregate.ts): what a body from another
 * node must look like before the kind's own field checkers (the deciders') are applied to it.
 * A decider's checker is written for a command that the HTTP schema already typed, so a body
 * is first made sure to have objects, arrays and strings where the checker expects them.
 */
import { invalid } from './errors.js';
import { checkId } from './ids.js';
import { checkMultilingualText } from './multilingual.js';
import { reasonText } from './reasons.js';
import type { RecordedEvent } from './recorded.js';
import type { MultilingualText } from './types.js';

export type Body = { readonly [key: string]: unknown };

export const isObject = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON object, or `code` naming `field`. */
export function objectAt(value: unknown, field: string, code: string, reason = 'must be an object'): Body {
  if (!isObject(value)) throw invalid(code, field, reason);
  return value;
}

/** No fields but `fields` (`field_unknown`, naming `<at>.<name>`). */
export function onlyFields(body: Body, fields: readonly string[], at = 'body'): void {
  const extra = Object.keys(body).find((key) => !fields.includes(key));
  if (extra !== undefined) throw invalid('field_unknown', `${at}.${extra}`, 'is not a field of this event');
}

/** A multilingual text as `checkMultilingualText` checks it, once it is an object. */
export function multilingualAt(value: unknown, field: string): MultilingualText {
  const text = objectAt(value, field, 'text_invalid', 'must map language tags to text');
  return checkMultilingualText(text as MultilingualText, field);
}

/** `body.target`: the id of the aggregate a changing event acts on. */
export function checkTarget(body: Body): string {
  return checkId(body.target, 'body.target', 'target_invalid');
}

/**
 * A reason as `reasonText` checks it. Deciders leave out a blank optional reason, so one that
 * is present is never blank, required or not.
 */
export function reasonAt(value: unknown, field: string, required: boolean): void {
  if (value === undefined) {
    reasonText(undefined, field, required);
    return;
  }
  if (typeof value !== 'string') throw invalid('reason_invalid', field, 'must be text');
  reasonText(value, field, true);
}

/**
 * A `checkBody` from one check per event type of the kind: undefined (withheld) bodies pass,
 * anything but an object is refused, and a type without a check is not the kind's.
 */
export function bodyChecker(checks: { readonly [type: string]: (body: Body) => void }): (event: RecordedEvent) => void {
  return (event) => {
    // Withheld: redacted at its author's node; the envelope alone is checked.
    if (event.body === undefined) return;
    const check = Object.hasOwn(checks, event.type) ? checks[event.type] : undefined;
    if (check === undefined) throw invalid('type_unknown', 'type', `${event.type} is not an event of this kind`);
    check(objectAt(event.body, 'body', 'body_invalid'));
  };
}
