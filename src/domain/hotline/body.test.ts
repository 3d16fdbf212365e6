// What the inbox accepts of another node's hotline-call events (body.ts): exactly what this
// node's decider writes. Given any call the decider accepts — placed, delivered and escalated
// by the called node, acknowledged, answered, closed — then every body passes; given a body no
// decider writes, then the check names the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PartyId } from '../../record/index.js';
import { PRECEDENCES } from '../terms/index.js';
import { bodySpec, text } from '../testing/body-spec.js';
import { actor, NOW } from '../testing/decider-spec.js';
import { nodeActor } from '../types.js';
import { CALL_OUTCOMES, hotlineCalls } from './index.js';

const spec = bodySpec(hotlineCalls);
const red = actor('red', 'duty_officer');
const blue = actor('blue', 'principal');
const blueNode = nodeActor('blue' as PartyId);
const ANSWERS = ['none', 'acknowledge', 'answer', 'acknowledge then answer'] as const;
const placed = { to: 'blue', precedence: 'flash', subject: { en: 'Intercept' }, message: { en: 'Call back' }, ackDeadlineSeconds: 600 };

describe('hotline-call bodies from another node', () => {
  it('given any call the decider accepts, when its events arrive, then every body passes', () => {
    fc.assert(fc.property(
      fc.constantFrom(...PRECEDENCES), fc.boolean(), text, text, fc.option(fc.integer({ min: 1, max: 366 * 86_400 }), { nil: undefined }),
      fc.boolean(), fc.nat(3), fc.constantFrom(...ANSWERS), text,
      fc.option(fc.tuple(fc.constantFrom(red, blue), fc.constantFrom(...CALL_OUTCOMES), fc.option(text, { nil: undefined })), { nil: undefined }),
      (precedence, named, subject, message, ackDeadlineSeconds, delivered, escalations, answering, answer, closing) => {
        const run = spec.lifecycle();
        run.decide(red, { type: 'place', ...(named ? { to: 'blue' } : {}), precedence, subject, message, ...(ackDeadlineSeconds ? { ackDeadlineSeconds } : {}) });
        if (delivered) {
          run.decide(blueNode, { type: 'record_delivery' });
          // The called node's private clock: level 1 at the agreed deadline, then its ladder's.
          for (let level = 1; level <= escalations; level += 1) {
            const dueAt = new Date(NOW.getTime() + level * 3_600_000).toISOString();
            run.decide(blueNode, { type: 'escalate', level, dueAt }, new Date(dueAt));
          }
          if (answering.startsWith('acknowledge')) run.decide(blue, { type: 'acknowledge' });
          if (answering.endsWith('answer')) run.decide(blue, { type: 'answer', message: answer });
        }
        if (closing) {
          const [who, outcome, note] = closing;
          run.decide(who, { type: 'close', outcome, ...(note ? { note } : {}) });
        }
      },
    ), { numRuns: 80 });
    spec.expectEveryTypeChecked();
  });

  it('given bodies no decider writes, then each is refused naming the field', () => {
    const place = (fields: object) => spec.refusal('hotline_call.placed', { ...placed, ...fields });
    expect(spec.refusal('hotline_call.placed', undefined)).toBeUndefined();
    expect(place({})).toBeUndefined();
    expect(spec.refusal('hotline_call.placed', ['call'])).toBe('body_invalid body');
    expect(place({ from: 'red' })).toBe('field_unknown body.from');
    expect(place({ to: undefined })).toBe('recipient_invalid body.to');
    expect(place({ to: 'red' })).toBe('recipient_invalid body.to');
    expect(place({ to: ['blue'] })).toBe('recipient_invalid body.to');
    expect(place({ precedence: 'urgent' })).toBe('precedence_invalid body.precedence');
    expect(place({ subject: 'Intercept' })).toBe('text_invalid body.subject');
    expect(place({ message: { en: { body: 'Call back' } } })).toBe('text_empty body.message.en');
    expect(place({ message: { en: 'x'.repeat(100_001) } })).toBe('text_too_long body.message.en');
    expect(place({ ackDeadlineSeconds: -600 })).toBe('terms_invalid body.ackDeadlineSeconds');
    expect(place({ ackDeadlineSeconds: '600' })).toBe('terms_invalid body.ackDeadlineSeconds');
    expect(spec.refusal('hotline_call.delivered', { target: 'e1' }, 'blue')).toBeUndefined();
    expect(spec.refusal('hotline_call.delivered', { target: 'e1', device: 'console 2' }, 'blue')).toBe('field_unknown body.device');
    expect(spec.refusal('hotline_call.acknowledged', { target: ' ' }, 'blue')).toBe('target_invalid body.target');
    expect(spec.refusal('hotline_call.answered', { target: 'e1', message: { en: 'Will call back' } }, 'blue')).toBeUndefined();
    expect(spec.refusal('hotline_call.answered', { target: 'e1' }, 'blue')).toBe('text_invalid body.message');
    expect(spec.refusal('hotline_call.escalated', { target: 'e1', level: 1, dueAt: '2026-03-01T09:10:00.000Z' }, 'blue')).toBeUndefined();
    expect(spec.refusal('hotline_call.escalated', { target: 'e1', level: 0, dueAt: '2026-03-01T09:10:00.000Z' }, 'blue')).toBe('level_invalid body.level');
    expect(spec.refusal('hotline_call.escalated', { target: 'e1', level: 1.5, dueAt: '2026-03-01T09:10:00.000Z' }, 'blue')).toBe('level_invalid body.level');
    expect(spec.refusal('hotline_call.escalated', { target: 'e1', level: 1 }, 'blue')).toBe('time_invalid body.dueAt');
    expect(spec.refusal('hotline_call.escalated', { target: 'e1', level: 1, dueAt: '2026-03-01T09:10:00.000Z', paged: ['m1'] }, 'blue'))
      .toBe('field_unknown body.paged');
    expect(spec.refusal('hotline_call.closed', { target: 'e1', outcome: 'resolved', note: { en: 'Done' } })).toBeUndefined();
    expect(spec.refusal('hotline_call.closed', { target: 'e1', outcome: 'ignored' })).toBe('outcome_invalid body.outcome');
    expect(spec.refusal('hotline_call.closed', { target: 'e1', outcome: 'resolved', note: 'Done' })).toBe('text_invalid body.note');
  });
});
