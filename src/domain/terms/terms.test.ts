import { describe, expect, it } from 'vitest';
import { nodeActor } from '../types.js';
import { actor, DIALOGUE, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { checkTerms, DEFAULT_TERMS, dialogueTerms } from './index.js';

const t = spec(dialogueTerms);
const terms = { ...DEFAULT_TERMS, ackDeadlineSeconds: { ...DEFAULT_TERMS.ackDeadlineSeconds, flash: 300 } };
const proposed: GivenEvent = { party: 'red', type: 'terms.proposed', body: { terms } as never };
const blueAccepts: GivenEvent = { party: 'blue', type: 'terms.accepted', body: { target: 'e1', proposal: 'e1' } };
const redPrincipal = actor('red', 'principal');
const bluePrincipal = actor('blue', 'principal');

describe('dialogue terms', () => {
  it('given nothing, when a principal proposes a full terms document, then terms.proposed with a clean copy', () => {
    t.given().when(redPrincipal, { type: 'propose', terms }).then([{ type: 'terms.proposed', body: { terms } as never }]);
  });

  it('refuses a duty officer proposing terms (principals commit their party)', () => {
    t.given().when(actor('red', 'duty_officer'), { type: 'propose', terms }).thenError('role_not_allowed');
  });

  it.each([
    ['a missing precedence', { ...terms, ackDeadlineSeconds: { flash: 1, immediate: 2, priority: 3 } }, 'terms_incomplete', 'terms.ackDeadlineSeconds.routine'],
    ['an unknown notice type', { ...terms, notices: { ...terms.notices, parade: { leadSeconds: 1 } } }, 'terms_unknown_entry', 'terms.notices.parade'],
    ['a fractional deadline', { ...terms, queryAnswerSeconds: 1.5 }, 'seconds_invalid', 'terms.queryAnswerSeconds'],
    ['a zero interval', { ...terms, linkTestIntervalSeconds: 0 }, 'seconds_invalid', 'terms.linkTestIntervalSeconds'],
    ['an answer time as long as the interval', { ...terms, linkTestAnswerSeconds: 3600 }, 'link_test_answer_too_long', 'terms.linkTestAnswerSeconds'],
    ['a missing lead time', { ...terms, notices: { ...terms.notices, missile_launch: {} } }, 'seconds_invalid', 'terms.notices.missile_launch.leadSeconds'],
    ['a threshold without a field', { ...terms, notices: { ...terms.notices, missile_launch: { leadSeconds: 1, threshold: { min: 3 } } } }, 'threshold_invalid', 'terms.notices.missile_launch.threshold.field'],
  ])('refuses %s, naming the field', (_name, input, code, field) => {
    t.given().when(redPrincipal, { type: 'propose', terms: input }).thenError(code, field);
  });

  it('the defaults are valid terms', () => {
    expect(checkTerms(DEFAULT_TERMS)).toEqual(DEFAULT_TERMS);
  });

  it('given a proposal, it is agreed only when every party accepted the same id; agreedAt is the last acceptance', () => {
    expect(stateOf(dialogueTerms, [proposed])).toMatchObject({ status: 'proposed', agreedAt: null });
    expect(stateOf(dialogueTerms, [proposed, blueAccepts])).toMatchObject({ status: 'agreed', agreedAt: 2, terms });
    t.given([proposed]).when(bluePrincipal, { type: 'accept', proposal: 'e9' }).thenError('stale_proposal');
    t.given([proposed]).when(redPrincipal, { type: 'accept', proposal: 'e1' }).thenError('already_accepted');
    t.given([proposed]).when(bluePrincipal, { type: 'accept', proposal: 'e1' }).then([{ type: 'terms.accepted', body: { target: 'e1', proposal: 'e1' } }]);
  });

  it('given a proposal, the other side may reject with a reason and the proposer withdraw; both stay on the record', () => {
    t.given([proposed]).when(bluePrincipal, { type: 'reject', proposal: 'e1', reason: 'Too short' })
      .then([{ type: 'terms.rejected', body: { target: 'e1', proposal: 'e1', reason: 'Too short' } }]);
    t.given([proposed]).when(redPrincipal, { type: 'reject', proposal: 'e1' }).thenError('own_proposal');
    t.given([proposed]).when(bluePrincipal, { type: 'withdraw' }).thenError('not_proposer');
    expect(stateOf(dialogueTerms, [proposed, { party: 'red', type: 'terms.withdrawn', body: { target: 'e1' } }])?.status).toBe('withdrawn');
    t.given([proposed, blueAccepts]).when(bluePrincipal, { type: 'reject', proposal: 'e1' }).thenError('not_proposed');
  });

  it('refuses the node acting without a person (it has no roles)', () => {
    t.given().when(nodeActor(DIALOGUE.parties[0]!), { type: 'propose', terms }).thenError('role_not_allowed');
  });
});
