// What the inbox accepts of another node's terms events (body.ts): exactly what this node's
// decider writes. Given any terms the decider accepts, proposed then accepted, rejected or
// withdrawn, then every body passes; given a body no decider writes, then the check names the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodySpec, reason } from '../testing/body-spec.js';
import { actor } from '../testing/decider-spec.js';
import { DEFAULT_TERMS, dialogueTerms, NOTICE_TYPES, PRECEDENCES } from './index.js';

const spec = bodySpec(dialogueTerms);
const red = actor('red', 'principal');
const blue = actor('blue', 'principal');
const YEAR = 366 * 86_400;
const seconds = fc.integer({ min: 1, max: YEAR });
const noticeTerms = fc.record({
  leadSeconds: seconds,
  threshold: fc.record({ field: fc.constantFrom('personnel', 'ships', 'aircraft'), min: fc.integer({ min: 1, max: 1_000_000 }) }),
}, { requiredKeys: ['leadSeconds'] });
/** A terms document as a principal may propose it: link-test answers shorter than the interval, any floor rules. */
const terms = fc.record({
  ackDeadlineSeconds: fc.record(Object.fromEntries(PRECEDENCES.map((p) => [p, seconds])) as Record<(typeof PRECEDENCES)[number], fc.Arbitrary<number>>),
  link: fc.tuple(fc.integer({ min: 2, max: YEAR }), fc.double({ min: 0, max: 1, noNaN: true })),
  talkRequestResponseSeconds: seconds,
  queryAnswerSeconds: seconds,
  notices: fc.record(Object.fromEntries(NOTICE_TYPES.map((t) => [t, noticeTerms])) as Record<(typeof NOTICE_TYPES)[number], typeof noticeTerms>),
  floor: fc.record({
    linkAvailabilityMinPercent: fc.integer({ min: 1, max: 100 }), linkAvailabilityDays: fc.integer({ min: 1, max: 366 }),
    silentGroupMaxDays: fc.integer({ min: 1, max: 3660 }), flashUnansweredMaxSeconds: fc.integer({ min: 1, max: 86_400 }),
    protectedNeverSuspended: fc.boolean(),
  }, { requiredKeys: [] }),
}, { requiredKeys: ['ackDeadlineSeconds', 'link', 'talkRequestResponseSeconds', 'queryAnswerSeconds', 'notices'] })
  .map(({ link: [interval, share], ...rest }) => ({
    ...rest, linkTestIntervalSeconds: interval, linkTestAnswerSeconds: Math.min(interval - 1, Math.max(1, Math.floor(interval * share))),
  }));
const ENDINGS = ['accept', 'reject', 'withdraw'] as const;

describe('terms bodies from another node', () => {
  it('given any terms the decider accepts, when their events arrive, then every body passes', () => {
    fc.assert(fc.property(terms, fc.constantFrom(...ENDINGS), reason, (proposed, ending, why) => {
      const run = spec.lifecycle();
      run.decide(red, { type: 'propose', terms: proposed });
      if (ending === 'accept') run.decide(blue, { type: 'accept', proposal: 'e1' });
      if (ending === 'reject') run.decide(blue, { type: 'reject', proposal: 'e1', reason: why });
      if (ending === 'withdraw') run.decide(red, { type: 'withdraw', reason: why });
    }), { numRuns: 60 });
    spec.expectEveryTypeChecked();
  });

  it('given bodies no decider writes, then each is refused naming the field', () => {
    const proposed = (terms: unknown) => spec.refusal('terms.proposed', { terms });
    expect(spec.refusal('terms.proposed', undefined)).toBeUndefined();
    expect(proposed(DEFAULT_TERMS)).toBeUndefined();
    expect(proposed({ ...DEFAULT_TERMS, floor: { silentGroupMaxDays: 30 } })).toBeUndefined();
    expect(spec.refusal('terms.proposed', { terms: DEFAULT_TERMS, note: 'x' })).toBe('field_unknown body.note');
    expect(spec.refusal('terms.proposed', {})).toBe('terms_invalid body.terms');
    expect(proposed('defaults')).toBe('terms_invalid body.terms');
    expect(proposed({ ...DEFAULT_TERMS, queryAnswerSeconds: '172800' })).toBe('seconds_invalid body.terms.queryAnswerSeconds');
    expect(proposed({ ...DEFAULT_TERMS, queryAnswerSeconds: YEAR + 1 })).toBe('seconds_too_large body.terms.queryAnswerSeconds');
    expect(proposed({ ...DEFAULT_TERMS, ackDeadlineSeconds: { ...DEFAULT_TERMS.ackDeadlineSeconds, flash: { s: 1 } } })).toBe('seconds_invalid body.terms.ackDeadlineSeconds.flash');
    expect(proposed({ ...DEFAULT_TERMS, ackDeadlineSeconds: { ...DEFAULT_TERMS.ackDeadlineSeconds, urgent: 1 } })).toBe('terms_unknown_entry body.terms.ackDeadlineSeconds.urgent');
    expect(proposed({ ...DEFAULT_TERMS, linkTestAnswerSeconds: 3600 })).toBe('link_test_answer_too_long body.terms.linkTestAnswerSeconds');
    expect(proposed({ ...DEFAULT_TERMS, notices: { ...DEFAULT_TERMS.notices, missile_launch: { leadSeconds: 1, threshold: { field: 'personnel', min: 1, max: 2 } } } }))
      .toBe('field_unknown body.terms.notices.missile_launch.threshold.max');
    expect(proposed({ ...DEFAULT_TERMS, floor: { silentGroupMaxDays: 0 } })).toBe('floor_invalid body.terms.floor.silentGroupMaxDays');
    expect(proposed({ ...DEFAULT_TERMS, floor: 'strict' })).toBe('floor_invalid body.terms.floor');
    expect(proposed({ ...DEFAULT_TERMS, floor: { silentGroupMaxDays: 30, toString: 5 } })).toBe('terms_unknown_entry body.terms.floor.toString');
    expect(spec.refusal('terms.accepted', { target: 'e1', proposal: 'e1' }, 'blue')).toBeUndefined();
    expect(spec.refusal('terms.accepted', { target: 'e1' }, 'blue')).toBe('proposal_invalid body.proposal');
    expect(spec.refusal('terms.accepted', { target: 'e1', proposal: 'e1', reason: 'fine' }, 'blue')).toBe('field_unknown body.reason');
    expect(spec.refusal('terms.rejected', { target: 'e1', proposal: 'e1', reason: 'Too short' }, 'blue')).toBeUndefined();
    expect(spec.refusal('terms.rejected', { target: 'e1', proposal: { id: 'e1' } }, 'blue')).toBe('proposal_invalid body.proposal');
    expect(spec.refusal('terms.rejected', { target: 'e1', proposal: 'e1', reason: ' ' }, 'blue')).toBe('reason_missing body.reason');
    expect(spec.refusal('terms.withdrawn', { target: null })).toBe('target_invalid body.target');
    expect(spec.refusal('terms.withdrawn', { target: 'e1', reason: 7 })).toBe('reason_invalid body.reason');
  });
});
