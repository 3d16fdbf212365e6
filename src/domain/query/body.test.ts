// What the inbox accepts of another node's query events (body.ts): exactly what this node's
// decider writes. Given any lifecycle the decider accepts, escalation included, then every
// body passes; given a body no decider writes, then the check names the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PartyId } from '../../record/index.js';
import { DEFAULT_TERMS } from '../terms/index.js';
import { area, bodySpec, reason, text } from '../testing/body-spec.js';
import { actor, NOW } from '../testing/decider-spec.js';
import { nodeActor } from '../types.js';
import { queries } from './index.js';

const spec = bodySpec(queries);
const red = actor('red', 'duty_officer');
const blue = actor('blue', 'delegate');
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000).toISOString();
/** When the activity happened: from a month before NOW to a month after, at least a second long. */
const window = fc.tuple(fc.integer({ min: -30 * 86_400, max: 30 * 86_400 }), fc.integer({ min: 1, max: 30 * 86_400 }))
  .map(([start, length]) => ({ start: at(start), end: at(start + length) }));
const ENDINGS = ['answer', 'withdraw', 'escalate then answer', 'escalate then withdraw', 'escalate'] as const;

const asked = {
  subject: { en: 'Naval concentration' }, description: { en: 'Twelve vessels' }, workingGroup: 'wg1',
  area: { shape: 'circle', centre: { lat: 153_000_000, lon: 1_175_000_000 }, radius: 40_000 },
  window: { start: '2026-02-25T00:00:00Z', end: '2026-03-01T00:00:00Z' }, answerSeconds: 172_800, deadline: '2026-03-03T09:00:00.000Z',
};

describe('query bodies from another node', () => {
  it('given any lifecycle the decider accepts, when its events arrive, then every body passes', () => {
    fc.assert(fc.property(
      text, text, fc.oneof(fc.constant('wg1'), fc.stringMatching(/^[0-9a-f]{64}$/)), fc.option(area, { nil: undefined }),
      fc.option(window, { nil: undefined }), fc.integer({ min: 1, max: 366 * 86_400 }), fc.constantFrom(...ENDINGS),
      fc.constantFrom(undefined, 'active', 'suspended'), text, reason,
      (subject, description, workingGroup, where, when, answerSeconds, ending, workingGroupStatus, answer, why) => {
        const run = spec.lifecycle();
        const terms = { ...DEFAULT_TERMS, queryAnswerSeconds: answerSeconds };
        run.decide(red, { type: 'ask', subject, description, workingGroup, ...(where ? { area: where } : {}), ...(when ? { window: when } : {}), terms });
        if (ending.startsWith('escalate')) {
          const events = run.decide(nodeActor('red' as PartyId), { type: 'escalate', ...(workingGroupStatus ? { workingGroupStatus } : {}) }, new Date(at(answerSeconds)));
          expect(events.map((e) => e.type)).toEqual(workingGroupStatus === 'suspended' ? ['query.escalated'] : ['query.escalated', 'meeting.proposed']);
        }
        if (ending.endsWith('answer')) run.decide(blue, { type: 'answer', text: answer });
        if (ending.endsWith('withdraw')) run.decide(red, { type: 'withdraw', reason: why });
      },
    ), { numRuns: 60 });
    spec.expectEveryTypeChecked();
  });

  it('given a withheld body, then only the envelope counts; the escalation\'s meeting is the meeting kind\'s to check', () => {
    expect(spec.refusal('query.asked', undefined)).toBeUndefined();
    expect(spec.refusal('meeting.proposed', { workingGroup: 'wg1', agenda: 42 })).toBeUndefined();
  });

  it('given queries no decider writes, then each is refused naming the field', () => {
    const with_ = (fields: object) => spec.refusal('query.asked', { ...asked, ...fields });
    expect(with_({})).toBeUndefined();
    expect(with_({ area: undefined, window: undefined })).toBeUndefined();
    expect(spec.refusal('query.asked', null)).toBe('body_invalid body');
    expect(with_({ urgent: true })).toBe('field_unknown body.urgent');
    expect(with_({ subject: undefined })).toBe('text_invalid body.subject');
    expect(with_({ subject: { en: ['a', 'b'] } })).toBe('text_empty body.subject.en');
    expect(with_({ description: { english: 'x' } })).toBe('language_tag_invalid body.description.english');
    expect(with_({ workingGroup: '' })).toBe('working_group_missing body.workingGroup');
    expect(with_({ workingGroup: { id: 'wg1' } })).toBe('working_group_missing body.workingGroup');
    expect(with_({ area: { shape: 'polygon', points: [{ lat: 0, lon: 0 }, { lat: 1, lon: 1 }] } })).toBe('polygon_invalid body.area.points');
    expect(with_({ area: { ...asked.area, radius: 0 } })).toBe('radius_invalid body.area.radius');
    expect(with_({ area: { ...asked.area, centre: { lat: 1.5, lon: 0 } } })).toBe('position_invalid body.area.centre.lat');
    expect(with_({ area: { ...asked.area, label: 'Shoals' } })).toBe('field_unknown body.area.label');
    expect(with_({ area: { ...asked.area, centre: { lat: 0, lon: 0, alt: 10 } } })).toBe('field_unknown body.area.centre.alt');
    expect(with_({ window: { start: '2026-03-01T00:00:00Z', end: '2026-02-25T00:00:00Z' } })).toBe('end_not_after_start body.window.end');
    expect(with_({ window: { ...asked.window, zone: 'UTC' } })).toBe('field_unknown body.window.zone');
    expect(with_({ window: '2026-02-25/2026-03-01' })).toBe('time_invalid body.window.start');
    expect(with_({ answerSeconds: 1.5 })).toBe('terms_invalid body.answerSeconds');
    expect(with_({ deadline: 1_772_528_400_000 })).toBe('time_invalid body.deadline');
  });

  it('given answers, withdrawals and escalations no decider writes, then each is refused naming the field', () => {
    expect(spec.refusal('query.answered', { target: 'e1', text: { en: 'An exercise' } }, 'blue')).toBeUndefined();
    expect(spec.refusal('query.answered', { target: 'e1' }, 'blue')).toBe('text_invalid body.text');
    expect(spec.refusal('query.answered', { target: 'e1', text: 'An exercise' }, 'blue')).toBe('text_invalid body.text');
    expect(spec.refusal('query.answered', { target: 7, text: { en: 'An exercise' } }, 'blue')).toBe('target_invalid body.target');
    expect(spec.refusal('query.withdrawn', { target: 'e1', reason: 42 })).toBe('reason_invalid body.reason');
    expect(spec.refusal('query.escalated', { target: 'e1', deadline: '2026-03-03T09:00:00.000Z' })).toBeUndefined();
    expect(spec.refusal('query.escalated', { target: 'e1', deadline: '2026-03-03T09:00:00.000Z', meeting: 'e3' })).toBe('field_unknown body.meeting');
    expect(spec.refusal('query.escalated', { target: 'e1', deadline: 'soon' })).toBe('time_invalid body.deadline');
  });
});
