import { describe, expect, it } from 'vitest';
import type { PartyId } from '../../record/index.js';
import { nodeActor } from '../types.js';
import { actor, NOW, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { availability, hotlineLinks, linkDue } from './index.js';

const links = spec(hotlineLinks);
const red = nodeActor('red' as PartyId);
const blue = nodeActor('blue' as PartyId);
const opened: GivenEvent = { party: 'red', type: 'hotline_link.opened', body: { intervalSeconds: 3600, answerSeconds: 300, parties: ['red', 'blue'] } };
const after = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const sent = (slot: number): GivenEvent => ({ party: slot % 2 ? 'blue' : 'red', type: 'hotline_link.test_sent', body: { target: 'e1', slot }, time: after(slot * 3600).toISOString() });

describe('hotline link tests', () => {
  it('a duty officer opens the link with the terms in force; a delegate may not', () => {
    links.given().when(actor('red', 'duty_officer'), { type: 'open', intervalSeconds: 600, answerSeconds: 60 })
      .then([{ type: 'hotline_link.opened', body: { intervalSeconds: 600, answerSeconds: 60, parties: ['red', 'blue'] } }]);
    links.given().when(actor('red', 'delegate'), { type: 'open' }).thenError('role_not_allowed');
  });

  it('given an open link, slot 0 is due at once and sent by the opener; the timeout names the sender', () => {
    const state = stateOf(hotlineLinks, [opened])!;
    expect(linkDue(state)).toBe(NOW.toISOString());
    expect(hotlineLinks.timeout!(state, NOW)).toEqual({ party: 'red', command: { type: 'send', slot: 0 } });
    links.given([opened]).when(red, { type: 'send', slot: 0 }).then([{ type: 'hotline_link.test_sent', body: { target: 'e1', slot: 0 } }]);
    links.given([opened]).when(blue, { type: 'send', slot: 0 }).thenError('not_sender');
    links.given([opened]).when(red, { type: 'send', slot: 1 }).thenError('slot_not_next');
    links.given([opened]).when(actor('red', 'duty_officer'), { type: 'send', slot: 0 }).thenError('node_only');
  });

  it('given a sent test, the receiver answers; unanswered past the answer time, the sender records it missed', () => {
    links.given([opened, sent(0)]).when(blue, { type: 'answer', slot: 0 }).then([{ type: 'hotline_link.test_answered', body: { target: 'e1', slot: 0 } }]);
    links.given([opened, sent(0)]).when(red, { type: 'answer', slot: 0 }).thenError('not_receiver');
    const waiting = stateOf(hotlineLinks, [opened, sent(0)])!;
    expect(linkDue(waiting)).toBe(after(300).toISOString());
    expect(hotlineLinks.timeout!(waiting, after(299))).toBeUndefined();
    expect(hotlineLinks.timeout!(waiting, after(300))).toEqual({ party: 'red', command: { type: 'expire', slot: 0 } });
    links.given([opened, sent(0)], { now: after(299) }).when(red, { type: 'expire', slot: 0 }).thenError('answer_time_open');
    links.given([opened, sent(0)], { now: after(300) }).when(red, { type: 'expire', slot: 0 })
      .then([{ type: 'hotline_link.test_missed', body: { target: 'e1', slot: 0, reason: 'unanswered' } }]);
  });

  it('a slot whose answer time passed before it was sent (the node was down) is recorded missed, not sent', () => {
    links.given([opened], { now: after(300) }).when(red, { type: 'send', slot: 0 })
      .then([{ type: 'hotline_link.test_missed', body: { target: 'e1', slot: 0, reason: 'not_sent' } }]);
  });

  it('availability per direction ignores a test still awaiting its answer', () => {
    const answered0: GivenEvent = { party: 'blue', type: 'hotline_link.test_answered', body: { target: 'e1', slot: 0 } };
    const missed1: GivenEvent = { party: 'blue', type: 'hotline_link.test_missed', body: { target: 'e1', slot: 1, reason: 'not_sent' } };
    const state = stateOf(hotlineLinks, [opened, sent(0), answered0, missed1, sent(2)])!;
    expect(availability(state, after(2 * 3600 + 10), 7).directions).toEqual([
      { from: 'red', to: 'blue', scheduled: 1, answered: 1, missed: 0, availability: 1 },
      { from: 'blue', to: 'red', scheduled: 1, answered: 0, missed: 1, availability: 0 },
    ]);
  });
});
