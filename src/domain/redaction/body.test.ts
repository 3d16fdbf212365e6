// What the inbox accepts of another node's redactions (body.ts): exactly what this node's
// decider writes. Given any redaction the decider accepts, then its body passes the check;
// given a body no decider writes, then the check names the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodySpec } from '../testing/body-spec.js';
import { REDACTABLE_EVENT_TYPES } from '../registry.js';
import { actor, DIALOGUE, NOW } from '../testing/decider-spec.js';
import { redactions } from './index.js';

/** `code field` of the refusal, or undefined when the body passes. */
const { refusal } = bodySpec(redactions);

describe('redaction bodies the decider writes pass', () => {
  it('given any redaction the decider accepts, when its body arrives, then it passes', () => {
    const covered = new Set<string>();
    const space = fc.constantFrom('', ' ', '\n', '\t ');
    fc.assert(fc.property(
      fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim() !== '')),
      fc.constantFrom(...REDACTABLE_EVENT_TYPES), space, fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim() !== ''), space,
      (id, type, before, reason, after) => {
        const events = redactions.decide(
          { type: 'redact', event: { id, type, party: 'red', index: 3 }, reason: `${before}${reason}${after}`, redactable: REDACTABLE_EVENT_TYPES },
          undefined, { actor: actor('red', 'principal'), dialogue: DIALOGUE, now: NOW },
        );
        for (const event of events) {
          expect(refusal(event.type, event.body), JSON.stringify(event)).toBeUndefined();
          covered.add(event.type);
        }
      },
    ));
    expect([...covered]).toEqual([...redactions.creates, ...redactions.changes]);
  });

  it('given the longest reason the decider takes, then the body passes', () => {
    expect(refusal('record.redacted', { event: 'ev42', eventType: 'message.posted', reason: 'r'.repeat(10_000) })).toBeUndefined();
  });
});

describe('redaction bodies no decider writes are refused, naming the field', () => {
  const body = { event: 'ev42', eventType: 'message.posted', reason: 'Classified annex attached by mistake' };

  it.each<[string, unknown, string]>([
    ['a body that is text', 'redacted', 'body_invalid body'],
    ['an extra field', { ...body, target: 'ev42' }, 'field_unknown body.target'],
    ['no event', { ...body, event: undefined }, 'event_invalid body.event'],
    ['an event that is not an id', { ...body, event: { id: 'ev42' } }, 'event_invalid body.event'],
    ['an over-long event id', { ...body, event: 'e'.repeat(201) }, 'event_invalid body.event'],
    ['no event type', { ...body, eventType: undefined }, 'event_type_invalid body.eventType'],
    ['an event type that is a number', { ...body, eventType: 7 }, 'event_type_invalid body.eventType'],
    ['a redaction of a redaction', { ...body, eventType: 'record.redacted' }, 'redaction_not_redactable body.eventType'],
    ['no reason', { ...body, reason: undefined }, 'reason_missing body.reason'],
    ['a blank reason', { ...body, reason: ' \n ' }, 'reason_missing body.reason'],
    ['a reason that is not text', { ...body, reason: { en: 'Spillage' } }, 'reason_missing body.reason'],
    ['a reason not trimmed', { ...body, reason: ' Spillage ' }, 'reason_untrimmed body.reason'],
    ['an over-long reason', { ...body, reason: 'r'.repeat(10_001) }, 'reason_too_long body.reason'],
  ])('record.redacted with %s', (_case, value, expected) => {
    expect(refusal('record.redacted', value)).toBe(expected);
  });

  it('lets through a withheld body (the envelope alone is checked)', () => {
    expect(refusal('record.redacted', undefined)).toBeUndefined();
  });
});
