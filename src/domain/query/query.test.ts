import { describe, expect, it } from 'vitest';
import { meetings } from '../meeting/index.js';
import { nodeActor } from '../types.js';
import { DEFAULT_TERMS } from '../terms/index.js';
import { actor, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import type { PartyId } from '../../record/index.js';
import { queries } from './index.js';

const q = spec(queries);
const subject = { en: 'Naval concentration near the Eastern Shoals' };
const description = { en: 'Twelve vessels have been stationary for four days.' };
const area = { shape: 'circle', centre: { lat: 153_000_000, lon: 1_175_000_000 }, radius: 40_000 };
const ask = { type: 'ask' as const, subject, description, workingGroup: 'wg1', terms: DEFAULT_TERMS };
const deadline = '2026-03-03T09:00:00.000Z';
const asked: GivenEvent = { party: 'red', type: 'query.asked', body: { subject, description, workingGroup: 'wg1', answerSeconds: 172_800, deadline } };
const redDuty = actor('red', 'duty_officer');
const blueDuty = actor('blue', 'duty_officer');
const red = nodeActor('red' as PartyId);
const late = { now: new Date('2026-03-03T09:30:00.000Z') };
const escalated: GivenEvent = { party: 'red', type: 'query.escalated', body: { target: 'e1', deadline }, time: late.now.toISOString() };
const meetingProposed: GivenEvent = {
  party: 'red', type: 'meeting.proposed', time: late.now.toISOString(),
  body: { workingGroup: 'wg1', start: '2026-03-05T09:30:00.000Z', end: '2026-03-05T11:30:00.000Z', format: 'video', participants: [], target: 'e1' },
};

describe('asking', () => {
  it('a duty officer asks; the answer period of the terms and the deadline are on the record', () => {
    q.given().when(redDuty, ask).then([{ type: 'query.asked', body: asked.body }]);
    q.given().when(redDuty, { ...ask, area, window: { start: '2026-02-25T00:00:00Z', end: '2026-03-01T00:00:00Z' } })
      .then([{ type: 'query.asked', body: { ...asked.body as object, area, window: { start: '2026-02-25T00:00:00Z', end: '2026-03-01T00:00:00Z' } } }]);
  });

  it('refuses bad input, naming the field', () => {
    q.given().when(redDuty, { ...ask, subject: {} }).thenError('text_empty', 'subject');
    q.given().when(redDuty, { ...ask, description: { en: ' ' } }).thenError('text_empty', 'description.en');
    q.given().when(redDuty, { ...ask, workingGroup: '' }).thenError('working_group_missing', 'workingGroup');
    // Longer than an id may be: its escalation could never propose the meeting.
    q.given().when(redDuty, { ...ask, workingGroup: 'w'.repeat(201) }).thenError('working_group_missing', 'workingGroup');
    q.given().when(redDuty, { ...ask, area: { shape: 'circle', centre: { lat: 1.5, lon: 0 }, radius: 10 } }).thenError('position_invalid', 'area.centre.lat');
    q.given().when(redDuty, { ...ask, area: { shape: 'circle', centre: { lat: 0, lon: 1_800_000_001 }, radius: 10 } }).thenError('position_invalid', 'area.centre.lon');
    q.given().when(redDuty, { ...ask, area: { shape: 'polygon', points: [{ lat: 0, lon: 0 }, { lat: 1, lon: 1 }] } }).thenError('polygon_invalid', 'area.points');
    q.given().when(redDuty, { ...ask, window: { start: '2026-03-01T00:00:00Z', end: '2026-03-01T00:00:00Z' } }).thenError('end_not_after_start', 'window.end');
    q.given().when(actor('red', 'notetaker'), ask).thenError('role_not_allowed');
  });

  it('the other party answers in its languages; the asker cannot', () => {
    const text = { en: 'A scheduled search-and-rescue exercise.', 'zh-Hans': '例行搜救演习。' };
    q.given([asked]).when(blueDuty, { type: 'answer', text }).then([{ type: 'query.answered', body: { target: 'e1', text } }]);
    q.given([asked]).when(redDuty, { type: 'answer', text }).thenError('own_query');
    q.given([asked]).when(actor('blue', 'observer'), { type: 'answer', text }).thenError('role_not_allowed');
    const answered = stateOf(queries, [asked, { party: 'blue', type: 'query.answered', body: { target: 'e1', text } }])!;
    expect(answered).toMatchObject({ status: 'answered', answer: { party: 'blue', text, isLate: false } });
    expect(queries.index(answered)).toEqual({ status: 'answered', parent: 'wg1', party: 'red', date: deadline, due: null });
    q.given([asked, { party: 'blue', type: 'query.answered', body: { target: 'e1', text } }]).when(blueDuty, { type: 'answer', text }).thenError('query_answered');
  });
});

describe('escalation when unanswered', () => {
  it('is due at the deadline and decided by the asker\'s node from then on', () => {
    const state = stateOf(queries, [asked])!;
    expect(queries.index(state).due).toBe(deadline);
    expect(queries.timeout!(state, new Date('2026-03-03T08:59:59.999Z'))).toBeUndefined();
    expect(queries.timeout!(state, new Date(deadline))).toEqual({ party: 'red', command: { type: 'escalate' } });
    q.given([asked], { now: new Date('2026-03-03T08:59:59.999Z') }).when(red, { type: 'escalate' }).thenError('deadline_not_reached');
    q.given([asked], late).when(redDuty, { type: 'escalate' }).thenError('node_only');
    q.given([asked], late).when(nodeActor('blue' as PartyId), { type: 'escalate' }).thenError('node_only');
  });

  it('records query.escalated and proposes a meeting of the working group, built by the meeting decider', () => {
    q.given([asked], late).when(red, { type: 'escalate' }).then([
      { type: 'query.escalated', body: { target: 'e1', deadline } },
      { type: 'meeting.proposed', body: meetingProposed.body },
    ]);
    q.given([asked], late).when(red, { type: 'escalate', workingGroupStatus: 'suspended' })
      .then([{ type: 'query.escalated', body: { target: 'e1', deadline } }]);
  });

  it('the query links the proposed meeting; the meeting is an ordinary proposal the other party accepts', () => {
    const history = [asked, escalated, meetingProposed];
    const state = stateOf(queries, history)!;
    expect(state).toMatchObject({ status: 'escalated', escalation: { at: late.now.toISOString(), meeting: 'e3' } });
    expect(queries.index(state).due).toBeNull();
    expect(queries.timeout!(state, new Date('2030-01-01T00:00:00Z'))).toBeUndefined();
    q.given(history, late).when(red, { type: 'escalate' }).thenError('not_open');
    const meeting = stateOf(meetings, history, 'e3')!;
    expect(meeting).toMatchObject({ status: 'proposed', workingGroup: 'wg1', proposedBy: 'red', schedule: { format: 'video', start: '2026-03-05T09:30:00.000Z' } });
    spec(meetings).given(history, { id: 'e3' }).when(actor('blue', 'principal'), { type: 'accept', proposal: 'e3' })
      .then([{ type: 'meeting.accepted', body: { target: 'e3', proposal: 'e3' } }]);
  });

  it('another party\'s meeting naming the query does not become its escalation', () => {
    const foreign: GivenEvent = { ...meetingProposed, party: 'blue' };
    expect(stateOf(queries, [asked, escalated, foreign])?.escalation?.meeting).toBeNull();
    expect(stateOf(queries, [asked, { ...meetingProposed }])?.escalation).toBeNull();
  });

  it('an answer after escalation is still recorded, marked late', () => {
    const text = { en: 'Weather delayed our reply.' };
    q.given([asked, escalated, meetingProposed]).when(blueDuty, { type: 'answer', text })
      .then([{ type: 'query.answered', body: { target: 'e1', text } }]);
    const state = stateOf(queries, [asked, escalated, meetingProposed, { party: 'blue', type: 'query.answered', body: { target: 'e1', text }, time: '2026-03-04T00:00:00.000Z' }])!;
    expect(state).toMatchObject({ status: 'answered', answer: { isLate: true }, escalation: { meeting: 'e3' } });
  });

  it('the asker withdraws; a withdrawn query is closed', () => {
    q.given([asked]).when(blueDuty, { type: 'withdraw' }).thenError('not_asker');
    q.given([asked]).when(redDuty, { type: 'withdraw', reason: 'Explained through other channels' })
      .then([{ type: 'query.withdrawn', body: { target: 'e1', reason: 'Explained through other channels' } }]);
    const withdrawn: GivenEvent = { party: 'red', type: 'query.withdrawn', body: { target: 'e1' } };
    q.given([asked, withdrawn]).when(blueDuty, { type: 'answer', text: { en: 'x' } }).thenError('query_withdrawn');
    expect(queries.index(stateOf(queries, [asked, withdrawn])!)).toMatchObject({ status: 'withdrawn', due: null });
    q.given().when(blueDuty, { type: 'answer', text: { en: 'x' } }).thenError('query_not_found');
  });
});
