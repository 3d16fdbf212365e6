// What the inbox accepts of another node's working-group events (body.ts): exactly what this
// node's decider writes. Given any lifecycle the decider goes through, then every body it
// writes passes the check; given a body no decider writes, then the check names the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodySpec } from '../testing/body-spec.js';
import { MAX_ID_LENGTH } from '../ids.js';
import { MAX_TEXT_LENGTH } from '../multilingual.js';
import { MAX_REASON_LENGTH } from '../reasons.js';
import { actor } from '../testing/decider-spec.js';
import { play } from '../testing/lifecycle.js';
import { workingGroups, type MandateInput, type WorkingGroupCommand, type WorkingGroupState } from './index.js';
import type { Step } from '../testing/lifecycle.js';

const redDelegate = actor('red', 'delegate');
const redPrincipal = actor('red', 'principal');
const bluePrincipal = actor('blue', 'principal');
const ALL_TYPES = [...workingGroups.creates, ...workingGroups.changes];

const version = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
const text = fc.record({ en: version, 'zh-Hans': version }, { requiredKeys: ['en'] });
const mandateInput: fc.Arbitrary<MandateInput> = fc.record({
  title: text, topic: text, goals: fc.array(text, { minLength: 1, maxLength: 5 }), protected: fc.boolean(),
}, { requiredKeys: ['title', 'goals'] });
const memberId = fc.string({ minLength: 1, maxLength: MAX_ID_LENGTH }).filter((s) => s.trim() !== '');
/** A reason as a member may give it: absent, blank (left out of the body) or text. */
const reason = fc.option(fc.oneof(version, fc.constant('  ')), { nil: undefined });
const optional = (value: string | undefined): { reason?: string } => (value === undefined ? {} : { reason: value });

type S = WorkingGroupState | undefined;
type Steps = Step<WorkingGroupState, WorkingGroupCommand>[];

function lifecycles(mandate: MandateInput, amended: MandateInput, chairs: [string, string], reasons: (string | undefined)[]): Steps[] {
  const [red, blue] = chairs;
  const propose: Steps[number] = [redDelegate, { type: 'propose', mandate, coChair: red }];
  return [
    [
      propose,
      [bluePrincipal, (s: S) => ({ type: 'accept', proposal: s!.proposal, coChair: blue })],
      [redPrincipal, { type: 'suspend', reason: reasons[0]?.trim() ? reasons[0] : 'Incident' }],
      [bluePrincipal, { type: 'suspend', reason: 'Protest' }],
      [redPrincipal, { type: 'resume' }],
      [bluePrincipal, { type: 'propose_amendment', mandate: amended }],
      [redPrincipal, (s: S) => ({ type: 'accept_amendment', proposal: s!.amendment!.proposal })],
      [redPrincipal, { type: 'propose_closure', ...optional(reasons[1]) }],
      [bluePrincipal, (s: S) => ({ type: 'accept_closure', proposal: s!.closure!.proposal })],
    ],
    [propose, [bluePrincipal, (s: S) => ({ type: 'reject', proposal: s!.proposal, ...optional(reasons[2]) })]],
    [propose, [redDelegate, { type: 'withdraw', ...optional(reasons[3]) }]],
  ];
}

const { refusalOf: refusal, refusal: fieldOf } = bodySpec(workingGroups);

describe('working-group bodies from another node', () => {
  it('given any lifecycle the decider goes through, when its events arrive, then every body passes', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(
      mandateInput, mandateInput, fc.tuple(memberId, memberId), fc.array(reason, { minLength: 4, maxLength: 4 }),
      (mandate, amended, chairs, reasons) => {
        for (const steps of lifecycles(mandate, amended, chairs, reasons)) {
          for (const event of play(workingGroups, steps)) {
            expect(refusal(event)).toBeUndefined();
            seen.add(event.type);
          }
        }
      },
    ));
    expect([...seen].sort()).toEqual([...ALL_TYPES].sort());
  });

  it('given bodies at the decider\'s limits, then they pass', () => {
    const long = { en: 'x'.repeat(MAX_TEXT_LENGTH) };
    const mandate = { title: long, topic: long, goals: Array.from({ length: 50 }, () => ({ en: 'Goal' })), protected: true };
    const events = play(workingGroups, [
      [redDelegate, { type: 'propose', mandate, coChair: 'c'.repeat(MAX_ID_LENGTH) }],
      [bluePrincipal, { type: 'reject', proposal: 'e1', reason: 'r'.repeat(MAX_REASON_LENGTH) }],
    ]);
    expect(events.map(refusal)).toEqual([undefined, undefined]);
  });

  it('given a withheld body, then nothing is checked', () => {
    expect(fieldOf('working_group.proposed', undefined)).toBeUndefined();
  });

  it('given bodies no decider writes, then each is refused naming the field', () => {
    const mandate = { title: { en: 'Maritime issues' }, goals: [{ en: 'Agree a procedure' }] };
    const propose = (body: object) => fieldOf('working_group.proposed', { mandate, coChair: 'red-chair', ...body });
    expect(propose({})).toBeUndefined();
    expect(fieldOf('working_group.proposed', ['x'])).toBe('body_invalid body');
    expect(fieldOf('working_group.proposed', 'x')).toBe('body_invalid body');
    expect(propose({ mandate: 'x' })).toBe('mandate_invalid body.mandate');
    expect(propose({ mandate: { ...mandate, goals: 'x' } })).toBe('goals_missing body.mandate.goals');
    expect(propose({ mandate: { ...mandate, goals: { en: 'x' } } })).toBe('goals_missing body.mandate.goals');
    expect(propose({ mandate: { ...mandate, goals: [] } })).toBe('goals_missing body.mandate.goals');
    expect(propose({ mandate: { ...mandate, goals: Array.from({ length: 51 }, () => ({ en: 'x' })) } })).toBe('too_many_goals body.mandate.goals');
    expect(propose({ mandate: { ...mandate, goals: ['x'] } })).toBe('text_invalid body.mandate.goals[0]');
    expect(propose({ mandate: { ...mandate, goals: [null] } })).toBe('text_invalid body.mandate.goals[0]');
    expect(propose({ mandate: { ...mandate, goals: [{ en: { nested: 'x' } }] } })).toBe('text_empty body.mandate.goals[0].en');
    expect(propose({ mandate: { ...mandate, title: null } })).toBe('text_invalid body.mandate.title');
    expect(propose({ mandate: { goals: mandate.goals } })).toBe('text_invalid body.mandate.title');
    expect(propose({ mandate: { ...mandate, title: { en: 'x'.repeat(MAX_TEXT_LENGTH + 1) } } })).toBe('text_too_long body.mandate.title.en');
    expect(propose({ mandate: { ...mandate, topic: null } })).toBe('text_invalid body.mandate.topic');
    expect(propose({ mandate: { ...mandate, topic: {} } })).toBe('text_empty body.mandate.topic');
    expect(propose({ mandate: { ...mandate, protected: false } })).toBe('flag_invalid body.mandate.protected');
    expect(propose({ mandate: { ...mandate, html: '<b>' } })).toBe('field_unknown body.mandate.html');
    expect(propose({ coChair: undefined })).toBe('co_chair_missing body.coChair');
    expect(propose({ coChair: { id: 'x' } })).toBe('co_chair_missing body.coChair');
    expect(propose({ coChair: 'c'.repeat(MAX_ID_LENGTH + 1) })).toBe('co_chair_missing body.coChair');
    expect(propose({ target: 'e1' })).toBe('field_unknown body.target');

    expect(fieldOf('working_group.accepted', { target: 'e1', proposal: 'e1', coChair: 'c' })).toBeUndefined();
    expect(fieldOf('working_group.accepted', { target: 'e1', proposal: 'e1' })).toBe('co_chair_missing body.coChair');
    expect(fieldOf('working_group.accepted', { target: 'e1', coChair: 'c' })).toBe('proposal_invalid body.proposal');
    expect(fieldOf('working_group.accepted', { target: 42, proposal: 'e1', coChair: 'c' })).toBe('target_invalid body.target');
    expect(fieldOf('working_group.rejected', { target: 'e1', proposal: 'e1', reason: ' ' })).toBe('reason_missing body.reason');
    expect(fieldOf('working_group.rejected', { target: 'e1', proposal: 'e1', reason: ['x'] })).toBe('reason_invalid body.reason');
    expect(fieldOf('working_group.withdrawn', { target: 'e1', reason: 'r'.repeat(MAX_REASON_LENGTH + 1) })).toBe('reason_too_long body.reason');
    expect(fieldOf('working_group.suspended', { target: 'e1' })).toBe('reason_missing body.reason');
    expect(fieldOf('working_group.resumed', { target: 'e1', reason: 'x' })).toBe('field_unknown body.reason');
    expect(fieldOf('working_group.resumed', {})).toBe('target_invalid body.target');
    expect(fieldOf('working_group.amendment_proposed', { target: 'e1', mandate: { ...mandate, goals: 'x' } })).toBe('goals_missing body.mandate.goals');
    expect(fieldOf('working_group.amendment_proposed', { target: 'e1' })).toBe('mandate_invalid body.mandate');
    expect(fieldOf('working_group.amendment_accepted', { target: 'e1', proposal: '' })).toBe('proposal_invalid body.proposal');
    expect(fieldOf('working_group.closure_proposed', { target: 'e1', reason: 7 })).toBe('reason_invalid body.reason');
    expect(fieldOf('working_group.closure_accepted', { target: 'e1', proposal: 'e3', by: 'x' })).toBe('field_unknown body.by');
    expect(fieldOf('working_group.renamed', { target: 'e1' })).toBe('type_unknown type');
  });
});
