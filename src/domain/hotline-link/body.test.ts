// What the inbox accepts of another node's hotline-link events (body.ts): exactly what this
// node's decider writes. Given any link the decider accepts — opened with the terms in force,
// its slots sent, answered, missed or never sent by the nodes, closed — then every body passes;
// given a body no decider writes, then the check names the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PartyId } from '../../record/index.js';
import { bodySpec, reason } from '../testing/body-spec.js';
import { actor, NOW } from '../testing/decider-spec.js';
import { nodeActor } from '../types.js';
import { hotlineLinks } from './index.js';

const spec = bodySpec(hotlineLinks);
const SLOTS = ['answered', 'unanswered', 'not_sent'] as const;
const node = (party: string) => nodeActor(party as PartyId);
const opened = { intervalSeconds: 3600, answerSeconds: 300, parties: ['red', 'blue'] };

describe('hotline-link bodies from another node', () => {
  it('given any link the decider accepts, when its events arrive, then every body passes', () => {
    fc.assert(fc.property(
      fc.constantFrom('red', 'blue'), fc.integer({ min: 2, max: 366 * 86_400 }), fc.double({ min: 0, max: 1, noNaN: true }),
      fc.array(fc.constantFrom(...SLOTS), { maxLength: 6 }), fc.boolean(), reason,
      (opener, intervalSeconds, share, slots, close, why) => {
        const answerSeconds = Math.min(intervalSeconds - 1, Math.max(1, Math.floor(intervalSeconds * share)));
        const run = spec.lifecycle();
        const [open] = run.decide(actor(opener, 'duty_officer'), { type: 'open', intervalSeconds, answerSeconds });
        const parties = (open!.body as { parties: string[] }).parties;
        slots.forEach((ending, slot) => {
          const due = NOW.getTime() + slot * intervalSeconds * 1000;
          const sender = node(parties[slot % 2]!);
          const receiver = node(parties[(slot + 1) % 2]!);
          if (ending === 'not_sent') {
            run.decide(sender, { type: 'send', slot }, new Date(due + answerSeconds * 1000));
            return;
          }
          run.decide(sender, { type: 'send', slot }, new Date(due));
          if (ending === 'answered') run.decide(receiver, { type: 'answer', slot }, new Date(due + 1000));
          else run.decide(sender, { type: 'expire', slot }, new Date(due + answerSeconds * 1000));
        });
        if (close) run.decide(actor('blue', 'principal'), { type: 'close', reason: why }, new Date(NOW.getTime() + slots.length * intervalSeconds * 1000));
      },
    ), { numRuns: 60 });
    spec.expectEveryTypeChecked();
  });

  it('given bodies no decider writes, then each is refused naming the field', () => {
    const open = (fields: object, party = 'red') => spec.refusal('hotline_link.opened', { ...opened, ...fields }, party);
    expect(spec.refusal('hotline_link.opened', undefined)).toBeUndefined();
    expect(open({})).toBeUndefined();
    expect(open({ parties: ['blue', 'red'] }, 'blue')).toBeUndefined();
    expect(open({ epoch: '2026-03-01T09:00:00Z' })).toBe('field_unknown body.epoch');
    expect(open({ intervalSeconds: '3600' })).toBe('terms_invalid body.intervalSeconds');
    expect(open({ answerSeconds: 0 })).toBe('terms_invalid body.answerSeconds');
    expect(open({ answerSeconds: 3600 })).toBe('link_test_answer_too_long body.answerSeconds');
    expect(open({ parties: 'red,blue' })).toBe('parties_invalid body.parties');
    expect(open({ parties: [] })).toBe('parties_invalid body.parties');
    expect(open({ parties: ['red', { id: 'blue' }] })).toBe('parties_invalid body.parties[1]');
    expect(open({ parties: ['red', 'blue', 'red'] })).toBe('parties_invalid body.parties[2]');
    expect(open({ parties: ['blue', 'red'] })).toBe('parties_invalid body.parties[0]');
    expect(spec.refusal('hotline_link.test_sent', { target: 'e1', slot: 0 })).toBeUndefined();
    expect(spec.refusal('hotline_link.test_sent', { target: 'e1', slot: -1 })).toBe('slot_invalid body.slot');
    expect(spec.refusal('hotline_link.test_answered', { target: 'e1', slot: '0' }, 'blue')).toBe('slot_invalid body.slot');
    expect(spec.refusal('hotline_link.test_answered', { target: 'e1', slot: 0, latencyMs: 40 }, 'blue')).toBe('field_unknown body.latencyMs');
    expect(spec.refusal('hotline_link.test_missed', { target: 'e1', slot: 2, reason: 'not_sent' })).toBeUndefined();
    expect(spec.refusal('hotline_link.test_missed', { target: 'e1', slot: 2 })).toBe('reason_invalid body.reason');
    expect(spec.refusal('hotline_link.test_missed', { target: 'e1', slot: 2, reason: 'cable cut' })).toBe('reason_invalid body.reason');
    expect(spec.refusal('hotline_link.closed', { target: 'e1' })).toBeUndefined();
    expect(spec.refusal('hotline_link.closed', { target: 'e1', reason: '' })).toBe('reason_missing body.reason');
    expect(spec.refusal('hotline_link.closed', { slot: 1 })).toBe('field_unknown body.slot');
  });
});
