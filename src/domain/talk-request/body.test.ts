// What the inbox accepts of another node's request-to-talk events (body.ts): exactly what this
// node's decider writes. Given any lifecycle the decider accepts, timeouts included, then every
// body passes; given a body no decider writes, then the check names the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PartyId } from '../../record/index.js';
import { DEFAULT_TERMS } from '../terms/index.js';
import { bodySpec, instantAfter, reason, text, words } from '../testing/body-spec.js';
import { actor, NOW } from '../testing/decider-spec.js';
import { nodeActor } from '../types.js';
import { talkRequests, TALK_FORMATS } from './index.js';

const spec = bodySpec(talkRequests);
const red = actor('red', 'delegate');
const blue = actor('blue', 'principal');
const officials = fc.array(fc.record({ name: words(200), title: text }), { minLength: 1, maxLength: 3 });
const proposedTimes = fc.uniqueArray(instantAfter(), { minLength: 1, maxLength: 5, selector: (t) => Date.parse(t) });
const ENDINGS = ['accept', 'decline', 'withdraw', 'expire then accept', 'expire then decline', 'expire then withdraw'] as const;

const subject = { en: 'Air intercepts over the strait' };
const official = { name: 'Li Wei', title: { en: 'Vice Minister of Defence' } };
const requested = {
  format: 'call', from: [official], to: [official], proposedTimes: ['2026-03-02T09:00:00Z'], subject,
  responseSeconds: 172_800, deadline: '2026-03-03T09:00:00.000Z',
};

describe('request-to-talk bodies from another node', () => {
  it('given any lifecycle the decider accepts, when its events arrive, then every body passes', () => {
    fc.assert(fc.property(
      fc.constantFrom(...TALK_FORMATS), officials, officials, proposedTimes, text, fc.integer({ min: 1, max: 366 * 86_400 }),
      fc.constantFrom(...ENDINGS), fc.nat(4), fc.option(text, { nil: undefined }), reason,
      (format, from, to, times, subject, responseSeconds, ending, pick, note, why) => {
        const run = spec.lifecycle();
        const terms = { ...DEFAULT_TERMS, talkRequestResponseSeconds: responseSeconds };
        run.decide(red, { type: 'request', format, from, to, proposedTimes: times, subject, terms });
        if (ending.startsWith('expire')) {
          run.decide(nodeActor('red' as PartyId), { type: 'expire' }, new Date(NOW.getTime() + responseSeconds * 1000));
        }
        const time = times[pick % times.length]!;
        if (ending.endsWith('accept')) run.decide(blue, { type: 'accept', time, ...(note ? { note } : {}) });
        if (ending.endsWith('decline')) run.decide(blue, { type: 'decline', reason: why });
        if (ending.endsWith('withdraw')) run.decide(red, { type: 'withdraw', reason: why });
      },
    ), { numRuns: 60 });
    spec.expectEveryTypeChecked();
  });

  it('given a withheld body, then only the envelope counts', () => {
    expect(spec.refusal('talk_request.requested', undefined)).toBeUndefined();
  });

  it('given requests no decider writes, then each is refused naming the field', () => {
    const with_ = (fields: object) => spec.refusal('talk_request.requested', { ...requested, ...fields });
    expect(with_({})).toBeUndefined();
    // Clock-free: a proposed time already past here was in the future where it was decided.
    expect(with_({ proposedTimes: ['2020-01-01T00:00:00Z'], deadline: '2020-01-03T00:00:00.000Z' })).toBeUndefined();
    expect(spec.refusal('talk_request.requested', [requested])).toBe('body_invalid body');
    expect(spec.refusal('talk_request.requested', 'call')).toBe('body_invalid body');
    expect(with_({ html: '<b>' })).toBe('field_unknown body.html');
    expect(with_({ format: 'letter' })).toBe('format_invalid body.format');
    expect(with_({ from: official })).toBe('officials_invalid body.from');
    expect(with_({ to: [] })).toBe('officials_invalid body.to');
    expect(with_({ to: Array(21).fill(official) })).toBe('officials_invalid body.to');
    expect(with_({ from: [{ ...official, rank: 'General' }] })).toBe('field_unknown body.from[0].rank');
    expect(with_({ from: [{ ...official, name: { en: 'Li' } }] })).toBe('name_invalid body.from[0].name');
    expect(with_({ from: [{ ...official, name: 'x'.repeat(201) }] })).toBe('name_invalid body.from[0].name');
    expect(with_({ to: [{ name: 'A' }] })).toBe('text_empty body.to[0].title');
    expect(with_({ to: [{ name: 'A', title: { en: { nested: 'x' } } }] })).toBe('text_empty body.to[0].title.en');
    expect(with_({ proposedTimes: '2026-03-02T09:00:00Z' })).toBe('proposed_times_invalid body.proposedTimes');
    expect(with_({ proposedTimes: Array(6).fill('2026-03-02T09:00:00Z') })).toBe('proposed_times_invalid body.proposedTimes');
    expect(with_({ proposedTimes: ['2026-03-02T09:00:00Z', 'tomorrow'] })).toBe('time_invalid body.proposedTimes[1]');
    expect(with_({ proposedTimes: ['2026-03-02T09:00:00Z', '2026-03-02T09:00:00.000Z'] })).toBe('time_repeated body.proposedTimes[1]');
    expect(with_({ subject: 'Intercepts' })).toBe('text_invalid body.subject');
    expect(with_({ subject: { en: 'x'.repeat(100_001) } })).toBe('text_too_long body.subject.en');
    expect(with_({ responseSeconds: '172800' })).toBe('terms_invalid body.responseSeconds');
    expect(with_({ responseSeconds: 0 })).toBe('terms_invalid body.responseSeconds');
    expect(with_({ deadline: undefined })).toBe('time_invalid body.deadline');
    expect(with_({ deadline: '3 March' })).toBe('time_invalid body.deadline');
  });

  it('given answers, withdrawals and timeouts no decider writes, then each is refused naming the field', () => {
    expect(spec.refusal('talk_request.accepted', { target: 'e1', time: '2026-03-02T09:00:00Z', note: { en: 'Secure line' } }, 'blue')).toBeUndefined();
    expect(spec.refusal('talk_request.accepted', { time: '2026-03-02T09:00:00Z' }, 'blue')).toBe('target_invalid body.target');
    expect(spec.refusal('talk_request.accepted', { target: 'x'.repeat(201), time: '2026-03-02T09:00:00Z' }, 'blue')).toBe('target_invalid body.target');
    expect(spec.refusal('talk_request.accepted', { target: 'e1', time: 1_772_442_000 }, 'blue')).toBe('time_invalid body.time');
    expect(spec.refusal('talk_request.accepted', { target: 'e1', time: '2026-03-02T09:00:00Z', note: 'ok' }, 'blue')).toBe('text_invalid body.note');
    expect(spec.refusal('talk_request.declined', { target: 'e1', reason: { en: 'No' } }, 'blue')).toBe('reason_invalid body.reason');
    expect(spec.refusal('talk_request.declined', { target: 'e1', reason: ' ' }, 'blue')).toBe('reason_missing body.reason');
    expect(spec.refusal('talk_request.withdrawn', { target: 'e1', reason: 'x'.repeat(10_001) })).toBe('reason_too_long body.reason');
    expect(spec.refusal('talk_request.withdrawn', { target: 'e1', time: '2026-03-02T09:00:00Z' })).toBe('field_unknown body.time');
    expect(spec.refusal('talk_request.unanswered', { target: 'e1', deadline: '2026-03-03T09:00:00.000Z' })).toBeUndefined();
    expect(spec.refusal('talk_request.unanswered', { target: 'e1' })).toBe('time_invalid body.deadline');
    expect(spec.refusal('talk_request.unanswered', { target: 'e1', deadline: '2026-03-03T09:00:00.000Z', late: true })).toBe('field_unknown body.late');
  });
});
