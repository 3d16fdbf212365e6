import { describe, expect, it } from 'vitest';
import { actor, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { workingGroups } from './index.js';

const wg = spec(workingGroups);
const mandate = {
  title: { en: 'Maritime issues', 'zh-Hans': '海洋问题' },
  goals: [{ en: 'Agree a notification procedure for unplanned encounters at sea' }],
};
const proposed: GivenEvent = { party: 'red', type: 'working_group.proposed', body: { mandate, coChair: 'red-chair' } };
const accepted: GivenEvent = { party: 'blue', type: 'working_group.accepted', body: { target: 'e1', proposal: 'e1', coChair: 'blue-chair' } };
const redPrincipal = actor('red', 'principal');
const bluePrincipal = actor('blue', 'principal');

describe('working group lifecycle', () => {
  it('given nothing, when a delegate proposes with a mandate, then working_group.proposed', () => {
    wg.given().when(actor('red', 'delegate'), { type: 'propose', mandate, coChair: 'red-chair' })
      .then([{ type: 'working_group.proposed', body: { mandate, coChair: 'red-chair' } }]);
  });

  it('refuses a mandate without goals, naming the field', () => {
    wg.given().when(redPrincipal, { type: 'propose', mandate: { ...mandate, goals: [] }, coChair: 'x' })
      .thenError('goals_missing', 'mandate.goals');
  });

  it('refuses a blank co-chair or one longer than an id may be', () => {
    wg.given().when(redPrincipal, { type: 'propose', mandate, coChair: ' ' }).thenError('co_chair_missing', 'coChair');
    wg.given().when(redPrincipal, { type: 'propose', mandate, coChair: 'c'.repeat(201) }).thenError('co_chair_missing', 'coChair');
  });

  it('refuses a note-taker proposing', () => {
    wg.given().when(actor('red', 'notetaker'), { type: 'propose', mandate, coChair: 'x' }).thenError('role_not_allowed');
  });

  it('given a proposal, it stays proposed until every party accepts the same proposal id', () => {
    expect(stateOf(workingGroups, [proposed])?.status).toBe('proposed');
    const state = stateOf(workingGroups, [proposed, accepted]);
    expect(state?.status).toBe('active');
    expect(state?.coChairs).toEqual({ red: 'red-chair', blue: 'blue-chair' });
  });

  it('given a proposal, when the other principal accepts a stale id, then stale_proposal', () => {
    wg.given([proposed]).when(bluePrincipal, { type: 'accept', proposal: 'e9', coChair: 'c' }).thenError('stale_proposal');
  });

  it('given a proposal, a delegate of the other party cannot accept (principals commit their party)', () => {
    wg.given([proposed]).when(actor('blue', 'delegate'), { type: 'accept', proposal: 'e1', coChair: 'c' }).thenError('role_not_allowed');
  });

  it('given a proposal, the proposer cannot accept twice', () => {
    wg.given([proposed]).when(redPrincipal, { type: 'accept', proposal: 'e1', coChair: 'c' }).thenError('already_accepted');
  });

  it('rejected and withdrawn proposals stay on the record with their reason', () => {
    wg.given([proposed]).when(bluePrincipal, { type: 'reject', proposal: 'e1', reason: 'Not yet' })
      .then([{ type: 'working_group.rejected', body: { target: 'e1', proposal: 'e1', reason: 'Not yet' } }]);
    const state = stateOf(workingGroups, [proposed, { party: 'blue', type: 'working_group.rejected', body: { target: 'e1', proposal: 'e1', reason: 'Not yet' } }]);
    expect(state?.status).toBe('rejected');
    expect(state?.rejections).toEqual([expect.objectContaining({ party: 'blue', reason: 'Not yet' })]);
    wg.given([proposed]).when(bluePrincipal, { type: 'withdraw' }).thenError('not_proposer');
  });

  it('any party suspends unilaterally with a reason; active again only when every suspending party resumed', () => {
    wg.given([proposed, accepted]).when(bluePrincipal, { type: 'suspend', reason: '' }).thenError('reason_missing', 'reason');
    const redSuspends: GivenEvent = { party: 'red', type: 'working_group.suspended', body: { target: 'e1', reason: 'Incident' } };
    const blueSuspends: GivenEvent = { party: 'blue', type: 'working_group.suspended', body: { target: 'e1', reason: 'Protest' } };
    const redResumes: GivenEvent = { party: 'red', type: 'working_group.resumed', body: { target: 'e1' } };
    expect(stateOf(workingGroups, [proposed, accepted, redSuspends, blueSuspends, redResumes])?.status).toBe('suspended');
    expect(stateOf(workingGroups, [proposed, accepted, redSuspends, blueSuspends, redResumes,
      { party: 'blue', type: 'working_group.resumed', body: { target: 'e1' } }])?.status).toBe('active');
    wg.given([proposed, accepted, redSuspends]).when(bluePrincipal, { type: 'resume' }).thenError('not_suspended_by_party');
  });

  it('an amendment after one side accepted needs fresh acceptance of the new id', () => {
    const amend: GivenEvent = { party: 'red', type: 'working_group.amendment_proposed', body: { target: 'e1', mandate: { ...mandate, goals: [{ en: 'New goal' }] } } };
    const state = stateOf(workingGroups, [proposed, accepted, amend]);
    expect(state?.mandate?.goals).toEqual(mandate.goals);
    expect(state?.amendment?.proposal).toBe('e3');
    wg.given([proposed, accepted, amend]).when(bluePrincipal, { type: 'accept_amendment', proposal: 'e1' }).thenError('stale_proposal');
    const agreed = stateOf(workingGroups, [proposed, accepted, amend, { party: 'blue', type: 'working_group.amendment_accepted', body: { target: 'e1', proposal: 'e3' } }]);
    expect(agreed?.mandate?.goals).toEqual([{ en: 'New goal' }]);
  });

  it('closes only by agreement', () => {
    const close: GivenEvent = { party: 'blue', type: 'working_group.closure_proposed', body: { target: 'e1' } };
    expect(stateOf(workingGroups, [proposed, accepted, close])?.status).toBe('active');
    expect(stateOf(workingGroups, [proposed, accepted, close, { party: 'red', type: 'working_group.closure_accepted', body: { target: 'e1', proposal: 'e3' } }])?.status).toBe('closed');
  });

  it('given a group closed while suspended, nothing reopens it: no resumption, no amendment, no second closure', () => {
    const redSuspends: GivenEvent = { party: 'red', type: 'working_group.suspended', body: { target: 'e1', reason: 'Incident' } };
    const amend: GivenEvent = { party: 'blue', type: 'working_group.amendment_proposed', body: { target: 'e1', mandate: { ...mandate, goals: [{ en: 'New goal' }] } } };
    const close: GivenEvent = { party: 'red', type: 'working_group.closure_proposed', body: { target: 'e1' } };
    const closed: GivenEvent = { party: 'blue', type: 'working_group.closure_accepted', body: { target: 'e1', proposal: 'e5' } };
    const history = [proposed, accepted, redSuspends, amend, close, closed];
    expect(stateOf(workingGroups, history)?.status).toBe('closed');
    wg.given(history).when(redPrincipal, { type: 'resume' }).thenError('not_suspended');
    wg.given(history).when(redPrincipal, { type: 'accept_amendment', proposal: 'e4' }).thenError('not_active');
    wg.given(history).when(redPrincipal, { type: 'accept_closure', proposal: 'e5' }).thenError('not_active');
    wg.given([proposed, accepted]).when(redPrincipal, { type: 'resume' }).thenError('not_suspended');
  });

  it('given a closure, a resumption or amendment acceptance decided concurrently on another node and folded after it leaves the group closed, its mandate unchanged', () => {
    const redSuspends: GivenEvent = { party: 'red', type: 'working_group.suspended', body: { target: 'e1', reason: 'Incident' } };
    const amend: GivenEvent = { party: 'blue', type: 'working_group.amendment_proposed', body: { target: 'e1', mandate: { ...mandate, goals: [{ en: 'New goal' }] } } };
    const close: GivenEvent = { party: 'red', type: 'working_group.closure_proposed', body: { target: 'e1' } };
    const closed: GivenEvent = { party: 'blue', type: 'working_group.closure_accepted', body: { target: 'e1', proposal: 'e5' } };
    const late: GivenEvent[] = [
      { party: 'red', type: 'working_group.resumed', body: { target: 'e1' } },
      { party: 'red', type: 'working_group.amendment_accepted', body: { target: 'e1', proposal: 'e4' } },
      { party: 'blue', type: 'working_group.suspended', body: { target: 'e1', reason: 'Late' } },
    ];
    const state = stateOf(workingGroups, [proposed, accepted, redSuspends, amend, close, closed, ...late]);
    expect(state?.status).toBe('closed');
    expect(state?.mandate?.goals).toEqual(mandate.goals);
  });

  it('a redacted proposal keeps its lifecycle but not its mandate', () => {
    const state = stateOf(workingGroups, [{ ...proposed, body: undefined as never }, accepted]);
    expect(state?.mandate).toBeNull();
    expect(state?.status).toBe('active');
  });
});
