import { describe, expect, it } from 'vitest';
import { actor, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { redactions, type EventToRedact } from './index.js';

const rd = spec(redactions);
const redactable = ['message.posted', 'working_group.proposed', 'readout.published', 'record.redacted'];
const ownMessage: EventToRedact = { id: 'ev42', type: 'message.posted', party: 'red', index: 41 };
const redPrincipal = actor('red', 'principal');
const redacted: GivenEvent = { party: 'red', type: 'record.redacted', body: { event: 'ev42', eventType: 'message.posted', reason: 'Classified annex attached by mistake' } };

describe('redacting a spilled body', () => {
  it('given its own message, when a principal redacts with a reason, then record.redacted names the event and its type', () => {
    rd.given().when(redPrincipal, { type: 'redact', event: ownMessage, reason: '  Classified annex attached by mistake ', redactable })
      .then([{ type: 'record.redacted', body: { event: 'ev42', eventType: 'message.posted', reason: 'Classified annex attached by mistake' } }]);
  });

  it('refuses a delegate: redaction is a principal\'s decision', () => {
    rd.given().when(actor('red', 'delegate'), { type: 'redact', event: ownMessage, reason: 'x', redactable }).thenError('role_not_allowed');
  });

  it('refuses redacting another party\'s event: the spillage is the author\'s to redact', () => {
    rd.given().when(actor('blue', 'principal'), { type: 'redact', event: ownMessage, reason: 'Offensive', redactable }).thenError('not_own_event');
  });

  it('refuses a changing event type: only creating events carry redactable content', () => {
    rd.given().when(redPrincipal, { type: 'redact', event: { ...ownMessage, type: 'message.acknowledged' }, reason: 'x', redactable })
      .thenError('event_not_redactable', 'event');
  });

  it('refuses redacting a redaction, even if the node lists it as a creating type', () => {
    rd.given().when(redPrincipal, { type: 'redact', event: { ...ownMessage, type: 'record.redacted' }, reason: 'x', redactable })
      .thenError('redaction_not_redactable', 'event');
  });

  it('refuses an empty reason, naming the field', () => {
    rd.given().when(redPrincipal, { type: 'redact', event: ownMessage, reason: '   ', redactable }).thenError('reason_missing', 'reason');
  });

  it('refuses an event already redacted', () => {
    rd.given().when(redPrincipal, { type: 'redact', event: { ...ownMessage, redacted: true }, reason: 'x', redactable }).thenError('already_redacted');
  });

  it('given a redaction, its state keeps the fact, indexed under the redacted event', () => {
    const state = stateOf(redactions, [redacted])!;
    expect(state).toEqual({
      id: 'e1', status: 'redacted', party: 'red', member: null, at: state.at,
      event: 'ev42', eventType: 'message.posted', reason: 'Classified annex attached by mistake',
    });
    expect(redactions.index(state)).toEqual({ status: 'redacted', parent: 'ev42', party: 'red', date: state.at });
  });

  it('a withheld redaction body still records that a redaction happened', () => {
    expect(stateOf(redactions, [{ ...redacted, body: undefined as never }])).toMatchObject({ status: 'redacted', event: null, reason: null });
  });
});
