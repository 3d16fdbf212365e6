// A party's right to an event another node delivers (rights.ts): given the aggregate as it
// was created, when a party's event arrives, then it is allowed or refused with its code.
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { checkPartyRight, KNOWN_EVENT_TYPES, type RightContext } from './rights.js';
import { DIALOGUE, recorded, stateOf, type GivenEvent } from './testing/decider-spec.js';
import { hotlineCalls } from './hotline/index.js';
import { hotlineLinks } from './hotline-link/index.js';
import { messages } from './message/index.js';
import { notices } from './notice/index.js';
import { commitments } from './commitment/index.js';
import type { AnyAggregateKind } from './registry.js';

/** The right of `party` (member `member`) to `type` with `body`, against the aggregate created by `history`. */
function rightOf(kind: AnyAggregateKind | undefined, history: GivenEvent[], incoming: GivenEvent & { member?: string | null }): string {
  const [event] = recorded([incoming]);
  const withMember = { ...event!, member: (incoming.member === undefined ? `${incoming.party}-officer` : incoming.member) as never };
  const created = history[0];
  const target = kind && created
    ? { kind: kind.kind, state: stateOf(kind, history), creator: created.party }
    : undefined;
  const ctx: RightContext = { event: withMember, dialogue: DIALOGUE, target, ...(incoming.type === 'record.redacted' && created ? { redacted: { party: created.party, type: created.type } } : {}) };
  try {
    checkPartyRight(ctx);
    return 'allowed';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.code;
  }
}

const call: GivenEvent = { party: 'red', type: 'hotline_call.placed', body: { to: 'blue', precedence: 'flash', subject: { en: 's' }, message: { en: 'm' }, ackDeadlineSeconds: 60 } };
const post: GivenEvent = { party: 'red', type: 'message.posted', body: { kind: 'informal', text: { en: 'hi' } } };
const notice: GivenEvent = { party: 'red', type: 'notice.given', body: { noticeType: 'military_exercise', window: { start: '2026-04-20T06:00:00.000Z', end: '2026-04-20T18:00:00.000Z' } } };
const link: GivenEvent = { party: 'red', type: 'hotline_link.opened', body: { parties: ['red', 'blue'], intervalSeconds: 3600, answerSeconds: 60 } };
const commitment: GivenEvent = { party: 'red', type: 'commitment.proposed', body: { party: 'blue', text: { en: 'deliver' } } };

describe('party rights on incoming events', () => {
  it('given a call from red to blue, then only blue receipts, acknowledges or answers it, and either side closes it', () => {
    expect(rightOf(hotlineCalls, [call], { party: 'blue', type: 'hotline_call.delivered', body: { target: 'e1' }, member: null })).toBe('allowed');
    expect(rightOf(hotlineCalls, [call], { party: 'blue', type: 'hotline_call.acknowledged', body: { target: 'e1' } })).toBe('allowed');
    expect(rightOf(hotlineCalls, [call], { party: 'red', type: 'hotline_call.acknowledged', body: { target: 'e1' } })).toBe('party_not_allowed');
    expect(rightOf(hotlineCalls, [call], { party: 'red', type: 'hotline_call.answered', body: { target: 'e1' } })).toBe('party_not_allowed');
    expect(rightOf(hotlineCalls, [call], { party: 'red', type: 'hotline_call.closed', body: { target: 'e1' } })).toBe('allowed');
    expect(rightOf(hotlineCalls, [call], { party: 'blue', type: 'hotline_call.closed', body: { target: 'e1' } })).toBe('allowed');
  });

  it('given a message from red, then only blue, a recipient, receipts and acknowledges it', () => {
    expect(rightOf(messages, [post], { party: 'blue', type: 'message.delivered', body: { target: 'e1' }, member: null })).toBe('allowed');
    expect(rightOf(messages, [post], { party: 'red', type: 'message.delivered', body: { target: 'e1' }, member: null })).toBe('party_not_allowed');
    expect(rightOf(messages, [post], { party: 'red', type: 'message.acknowledged', body: { target: 'e1' } })).toBe('party_not_allowed');
  });

  it('given a notice by red, then red alone amends or cancels it and only blue acknowledges it', () => {
    expect(rightOf(notices, [notice], { party: 'red', type: 'notice.cancelled', body: { target: 'e1' } })).toBe('allowed');
    expect(rightOf(notices, [notice], { party: 'blue', type: 'notice.cancelled', body: { target: 'e1' } })).toBe('party_not_allowed');
    expect(rightOf(notices, [notice], { party: 'blue', type: 'notice.acknowledged', body: { target: 'e1' } })).toBe('allowed');
    expect(rightOf(notices, [notice], { party: 'red', type: 'notice.acknowledged', body: { target: 'e1' } })).toBe('party_not_allowed');
  });

  it('given a commitment by blue proposed by red, then blue commits and delivers, red confirms', () => {
    expect(rightOf(commitments, [commitment], { party: 'blue', type: 'commitment.committed', body: { target: 'e1' } })).toBe('allowed');
    expect(rightOf(commitments, [commitment], { party: 'red', type: 'commitment.committed', body: { target: 'e1' } })).toBe('party_not_allowed');
    expect(rightOf(commitments, [commitment], { party: 'red', type: 'commitment.confirmed', body: { target: 'e1' } })).toBe('allowed');
    expect(rightOf(commitments, [commitment], { party: 'blue', type: 'commitment.confirmed', body: { target: 'e1' } })).toBe('party_not_allowed');
  });

  it('given a link red opened, then slot 0 is sent by red and answered by blue, slot 1 the other way', () => {
    expect(rightOf(hotlineLinks, [link], { party: 'red', type: 'hotline_link.test_sent', body: { target: 'e1', slot: 0 }, member: null })).toBe('allowed');
    expect(rightOf(hotlineLinks, [link], { party: 'blue', type: 'hotline_link.test_sent', body: { target: 'e1', slot: 0 }, member: null })).toBe('party_not_allowed');
    expect(rightOf(hotlineLinks, [link], { party: 'blue', type: 'hotline_link.test_answered', body: { target: 'e1', slot: 0 }, member: null })).toBe('allowed');
    expect(rightOf(hotlineLinks, [link], { party: 'blue', type: 'hotline_link.test_sent', body: { target: 'e1', slot: 1 }, member: null })).toBe('allowed');
    expect(rightOf(hotlineLinks, [link], { party: 'blue', type: 'hotline_link.test_sent', body: { target: 'e1', slot: -1 }, member: null })).toBe('party_not_allowed');
  });

  it('given any event, then an unknown type, a party outside the dialogue, a missing member, an unknown target and another party\'s redaction are refused', () => {
    expect(rightOf(undefined, [], { party: 'red', type: 'missile.launched', body: {} })).toBe('type_unknown');
    expect(rightOf(undefined, [], { party: 'green', type: 'message.posted', body: post.body })).toBe('party_not_in_dialogue');
    expect(rightOf(undefined, [], { party: 'red', type: 'message.posted', body: post.body, member: null })).toBe('member_missing');
    expect(rightOf(undefined, [], { party: 'red', type: 'message.posted', body: post.body })).toBe('allowed');
    expect(rightOf(undefined, [], { party: 'blue', type: 'hotline_call.acknowledged', body: { target: 'nothing' } })).toBe('target_unknown');
    expect(rightOf(undefined, [post], { party: 'blue', type: 'record.redacted', body: { event: 'e1', eventType: 'message.posted', reason: 'x' } })).toBe('not_own_event');
    expect(rightOf(undefined, [post], { party: 'red', type: 'record.redacted', body: { event: 'e1', eventType: 'message.posted', reason: 'x' } })).toBe('allowed');
  });

  it('given another node\'s redaction, then it is refused unless it names a held, own, creating event by its type', () => {
    const redaction = (eventType: string) => ({ party: 'red', type: 'record.redacted', body: { event: 'e1', eventType, reason: 'spillage' } });
    expect(rightOf(undefined, [], redaction('message.posted'))).toBe('event_unknown');
    expect(rightOf(undefined, [post], redaction('commitment.proposed'))).toBe('event_type_mismatch');
    // A changing event, the party's own joining, another redaction: their bodies stay.
    const held: GivenEvent[] = [
      { party: 'red', type: 'message.acknowledged', body: { target: 'e0' } },
      { party: 'red', type: 'dialogue.joined', body: { publicKey: 'AAAA' } },
      { party: 'red', type: 'record.redacted', body: { event: 'e0', eventType: 'message.posted', reason: 'r' } },
    ];
    for (const event of held) expect(rightOf(undefined, [event], redaction(event.type)), event.type).toBe('event_not_redactable');
    expect(KNOWN_EVENT_TYPES.has('dialogue.opened')).toBe(true);
  });
});
