import { describe, expect, it } from 'vitest';
import { nodeActor } from '../types.js';
import { DEFAULT_TERMS } from '../terms/index.js';
import { actor, NOW, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import type { PartyId } from '../../record/index.js';
import { talkRequests } from './index.js';

const t = spec(talkRequests);
const from = [{ name: 'Li Wei', title: { en: 'Vice Minister of Defence' } }];
const to = [{ name: 'A. Smith', title: { en: 'Deputy Secretary of Defense' } }];
const times: [string, string] = ['2026-03-02T09:00:00Z', '2026-03-03T09:00:00Z'];
const subject = { en: 'Air intercepts over the strait', 'zh-Hans': '海峡上空的拦截' };
const request = { type: 'request' as const, format: 'call' as const, from, to, proposedTimes: times, subject, terms: DEFAULT_TERMS };
const deadline = '2026-03-03T09:00:00.000Z'; // NOW + 48 h
const requested: GivenEvent = {
  party: 'red', type: 'talk_request.requested',
  body: { format: 'call', from, to, proposedTimes: times, subject, responseSeconds: 172_800, deadline },
};
const redDelegate = actor('red', 'delegate');
const blueDelegate = actor('blue', 'delegate');
const after = (iso: string) => ({ now: new Date(iso) });

describe('requesting to talk', () => {
  it('given nothing, when a delegate requests a call, then the response period of the terms and its deadline are on the record', () => {
    t.given().when(redDelegate, request).then([{ type: 'talk_request.requested', body: requested.body }]);
    const short = { ...DEFAULT_TERMS, talkRequestResponseSeconds: 3600 };
    t.given().when(redDelegate, { ...request, terms: short })
      .then([{ type: 'talk_request.requested', body: { ...requested.body as object, responseSeconds: 3600, deadline: '2026-03-01T10:00:00.000Z' } }]);
  });

  it('refuses bad input, naming the field', () => {
    t.given().when(redDelegate, { ...request, format: 'letter' as never }).thenError('format_invalid', 'format');
    t.given().when(redDelegate, { ...request, from: [] }).thenError('officials_invalid', 'from');
    t.given().when(redDelegate, { ...request, to: [{ name: ' ', title: { en: 'x' } }] }).thenError('name_invalid', 'to[0].name');
    t.given().when(redDelegate, { ...request, to: [{ name: 'x', title: {} }] }).thenError('text_empty', 'to[0].title');
    t.given().when(redDelegate, { ...request, proposedTimes: [] }).thenError('proposed_times_invalid', 'proposedTimes');
    t.given().when(redDelegate, { ...request, proposedTimes: Array(6).fill(times[0]) }).thenError('proposed_times_invalid', 'proposedTimes');
    t.given().when(redDelegate, { ...request, proposedTimes: [times[0]!, 'tomorrow'] }).thenError('time_invalid', 'proposedTimes[1]');
    t.given().when(redDelegate, { ...request, proposedTimes: ['2026-02-28T09:00:00Z'] }).thenError('time_in_past', 'proposedTimes[0]');
    t.given().when(redDelegate, { ...request, proposedTimes: [times[0]!, '2026-03-02T09:00:00.000Z'] }).thenError('time_repeated', 'proposedTimes[1]');
    t.given().when(redDelegate, { ...request, subject: {} }).thenError('text_empty', 'subject');
    t.given().when(actor('red', 'duty_officer'), request).thenError('role_not_allowed');
  });

  it('is pending until its deadline, indexed by requester, deadline and due time', () => {
    const state = stateOf(talkRequests, [requested])!;
    expect(state).toMatchObject({ status: 'pending', requestedBy: 'red', deadline, proposedTimes: times });
    expect(talkRequests.index(state)).toEqual({ status: 'pending', party: 'red', date: deadline, due: deadline });
  });
});

describe('answering', () => {
  it('the other party accepts one of the proposed times', () => {
    t.given([requested]).when(blueDelegate, { type: 'accept', time: times[1]!, note: { en: 'Secure line' } })
      .then([{ type: 'talk_request.accepted', body: { target: 'e1', time: times[1], note: { en: 'Secure line' } } }]);
    t.given([requested]).when(blueDelegate, { type: 'accept', time: '2026-03-02T09:00:00.000Z' })
      .then([{ type: 'talk_request.accepted', body: { target: 'e1', time: '2026-03-02T09:00:00.000Z' } }]);
    t.given([requested]).when(blueDelegate, { type: 'accept', time: '2026-03-04T09:00:00Z' }).thenError('time_not_proposed', 'time');
    t.given([requested]).when(redDelegate, { type: 'accept', time: times[0]! }).thenError('own_request');
    t.given([requested]).when(actor('blue', 'notetaker'), { type: 'accept', time: times[0]! }).thenError('role_not_allowed');
    const state = stateOf(talkRequests, [requested, { party: 'blue', type: 'talk_request.accepted', body: { target: 'e1', time: times[1] } }])!;
    expect(state).toMatchObject({ status: 'accepted', response: { party: 'blue', time: times[1], isLate: false } });
    expect(talkRequests.index(state)).toMatchObject({ status: 'accepted', date: times[1], due: null });
  });

  it('the other party declines, with or without a reason; nothing more can be answered', () => {
    t.given([requested]).when(blueDelegate, { type: 'decline' }).then([{ type: 'talk_request.declined', body: { target: 'e1' } }]);
    t.given([requested]).when(blueDelegate, { type: 'decline', reason: 'Not at this level' })
      .then([{ type: 'talk_request.declined', body: { target: 'e1', reason: 'Not at this level' } }]);
    const declined: GivenEvent = { party: 'blue', type: 'talk_request.declined', body: { target: 'e1', reason: 'Not at this level' } };
    expect(stateOf(talkRequests, [requested, declined])).toMatchObject({ status: 'declined', response: { party: 'blue', reason: 'Not at this level', isLate: false } });
    t.given([requested, declined]).when(blueDelegate, { type: 'accept', time: times[0]! }).thenError('talk_request_declined');
    t.given([requested, declined]).when(redDelegate, { type: 'withdraw' }).thenError('talk_request_declined');
  });

  it('the requester withdraws; the other party cannot', () => {
    t.given([requested]).when(blueDelegate, { type: 'withdraw' }).thenError('not_requester');
    t.given([requested]).when(redDelegate, { type: 'withdraw', reason: 'Overtaken by events' })
      .then([{ type: 'talk_request.withdrawn', body: { target: 'e1', reason: 'Overtaken by events' } }]);
    const withdrawn = stateOf(talkRequests, [requested, { party: 'red', type: 'talk_request.withdrawn', body: { target: 'e1' } }])!;
    expect(talkRequests.index(withdrawn)).toMatchObject({ status: 'withdrawn', due: null });
  });
});

describe('the deadline passing (timeout)', () => {
  const unanswered: GivenEvent = { party: 'red', type: 'talk_request.unanswered', body: { target: 'e1', deadline }, time: '2026-03-03T09:00:01.000Z' };

  it('is due at the deadline; the timeout is the requester node\'s `expire`, from the deadline on', () => {
    const state = stateOf(talkRequests, [requested])!;
    expect(talkRequests.timeout!(state, new Date('2026-03-03T08:59:59.999Z'))).toBeUndefined();
    expect(talkRequests.timeout!(state, new Date(deadline))).toEqual({ party: 'red', command: { type: 'expire' } });
    t.given([requested], after(deadline)).when(nodeActor('red' as PartyId), { type: 'expire' })
      .then([{ type: 'talk_request.unanswered', body: { target: 'e1', deadline } }]);
    t.given([requested], after('2026-03-03T08:59:59.999Z')).when(nodeActor('red' as PartyId), { type: 'expire' }).thenError('deadline_not_reached');
  });

  it('only the requester\'s node decides it, never a member, and only once', () => {
    const late = after('2026-03-04T00:00:00Z');
    t.given([requested], late).when(actor('red', 'principal'), { type: 'expire' }).thenError('node_only');
    t.given([requested], late).when(nodeActor('blue' as PartyId), { type: 'expire' }).thenError('node_only');
    t.given([requested, unanswered], late).when(nodeActor('red' as PartyId), { type: 'expire' }).thenError('not_pending');
    const state = stateOf(talkRequests, [requested, unanswered])!;
    expect(state).toMatchObject({ status: 'unanswered', unansweredAt: '2026-03-03T09:00:01.000Z' });
    expect(talkRequests.index(state).due).toBeNull();
    expect(talkRequests.timeout!(state, late.now)).toBeUndefined();
  });

  it('an answer at the deadline itself is on time; after it, still recorded and marked late', () => {
    expect(stateOf(talkRequests, [requested, { party: 'blue', type: 'talk_request.declined', body: { target: 'e1' }, time: deadline }])?.response?.isLate).toBe(false);
    t.given([requested, unanswered], after('2026-03-04T00:00:00Z')).when(blueDelegate, { type: 'decline' })
      .then([{ type: 'talk_request.declined', body: { target: 'e1' } }]);
    const state = stateOf(talkRequests, [requested, unanswered, { party: 'blue', type: 'talk_request.declined', body: { target: 'e1' }, time: '2026-03-04T00:00:00.000Z' }])!;
    expect(state).toMatchObject({ status: 'declined', unansweredAt: '2026-03-03T09:00:01.000Z', response: { isLate: true } });
  });

  it('a withheld request keeps its lifecycle; unknown requests are not found', () => {
    const state = stateOf(talkRequests, [{ ...requested, body: undefined as never }])!;
    expect(state).toMatchObject({ status: 'pending', subject: null, deadline: null });
    expect(talkRequests.timeout!(state, new Date('2030-01-01T00:00:00Z'))).toBeUndefined();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    t.given().when(blueDelegate, { type: 'decline' }).thenError('talk_request_not_found');
    expect(NOW.toISOString()).toBe('2026-03-01T09:00:00.000Z');
  });
});
