import { describe, expect, it } from 'vitest';
import { actor, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { goalsAchievedRatio, meetings } from './index.js';

const m = spec(meetings);
const schedule = { start: '2026-03-10T09:00:00Z', end: '2026-03-10T11:00:00Z', format: 'video' as const };
const during = { now: new Date('2026-03-10T10:00:00Z') };
const intercepts = { goal: { en: 'Agree a notification procedure for air intercepts' } };
const hotline = { goal: { en: 'Agree a test schedule for the hotline' }, incident: 'inc-7' };
const meeting: GivenEvent[] = [
  { party: 'red', type: 'meeting.proposed', body: { workingGroup: 'wg1', ...schedule, participants: [] } },
  { party: 'blue', type: 'meeting.accepted', body: { target: 'e1', proposal: 'e1' } },
];
const agendaProposed: GivenEvent = { party: 'red', type: 'meeting.agenda_proposed', body: { target: 'e1', items: [intercepts, hotline] } };
const agendaAccepted: GivenEvent = { party: 'blue', type: 'meeting.agenda_accepted', body: { target: 'e1', proposal: 'e3' } };
const agreed = [...meeting, agendaProposed, agendaAccepted];
const outcome = (party: string, item: number, value: string, agenda = 'e3'): GivenEvent =>
  ({ party, type: 'meeting.outcome_recorded', body: { target: 'e1', agenda, item, outcome: value } });
const redDelegate = actor('red', 'delegate');
const bluePrincipal = actor('blue', 'principal');

describe('meeting agenda', () => {
  it('given a meeting, when a delegate proposes items with goals, then meeting.agenda_proposed', () => {
    m.given(meeting).when(redDelegate, { type: 'propose_agenda', items: [intercepts, hotline] })
      .then([{ type: 'meeting.agenda_proposed', body: { target: 'e1', items: [intercepts, hotline] } }]);
    m.given(meeting).when(actor('red', 'notetaker'), { type: 'propose_agenda', items: [intercepts] }).thenError('role_not_allowed');
  });

  it('refuses an item without a goal, naming the item', () => {
    m.given(meeting).when(redDelegate, { type: 'propose_agenda', items: [] }).thenError('agenda_empty', 'items');
    m.given(meeting).when(redDelegate, { type: 'propose_agenda', items: [intercepts, { goal: {} }] }).thenError('goal_missing', 'items[1].goal');
    m.given(meeting).when(redDelegate, { type: 'propose_agenda', items: [{ goal: { en: '  ' } }] }).thenError('goal_missing', 'items[0].goal');
    m.given(meeting).when(redDelegate, { type: 'propose_agenda', items: [{ goal: undefined as never }] }).thenError('goal_missing', 'items[0].goal');
    m.given(meeting).when(redDelegate, { type: 'propose_agenda', items: [{ goal: { en: 'Agree x', fr: '' } }] }).thenError('text_empty', 'items[0].goal.fr');
    m.given(meeting).when(redDelegate, { type: 'propose_agenda', items: [{ ...intercepts, commitment: '' }] }).thenError('commitment_invalid', 'items[0].commitment');
  });

  it('is agreed when every party accepted the same version; an amendment needs fresh acceptance', () => {
    expect(stateOf(meetings, [...meeting, agendaProposed])?.agenda).toMatchObject({ proposal: 'e3', version: 1, isAgreed: false });
    const state = stateOf(meetings, agreed)!;
    expect(state.agenda).toMatchObject({ isAgreed: true, acceptances: { red: 'e3', blue: 'e3' } });
    expect(state.agenda?.items[1]).toEqual({ goal: hotline.goal, incident: 'inc-7', commitment: null, outcomes: {}, notes: {}, disputed: false });
    m.given(agreed).when(redDelegate, { type: 'propose_agenda', items: [intercepts] }).thenError('agenda_exists');
    m.given(meeting).when(redDelegate, { type: 'amend_agenda', items: [intercepts] }).thenError('no_agenda');
    m.given(agreed).when(actor('blue', 'delegate'), { type: 'amend_agenda', items: [hotline] })
      .then([{ type: 'meeting.agenda_amended', body: { target: 'e1', supersedes: 'e3', items: [hotline] } }]);
    const amended = [...agreed, { party: 'blue', type: 'meeting.agenda_amended', body: { target: 'e1', supersedes: 'e3', items: [hotline] } }];
    expect(stateOf(meetings, amended)?.agenda).toMatchObject({ proposal: 'e5', version: 2, isAgreed: false, acceptances: { blue: 'e5' } });
    m.given(amended).when(actor('red', 'principal'), { type: 'accept_agenda', proposal: 'e3' }).thenError('stale_proposal');
    m.given(amended).when(actor('red', 'delegate'), { type: 'accept_agenda', proposal: 'e5' }).thenError('role_not_allowed');
    m.given(amended).when(bluePrincipal, { type: 'accept_agenda', proposal: 'e5' }).thenError('already_accepted');
    m.given(amended).when(actor('red', 'principal'), { type: 'accept_agenda', proposal: 'e5' })
      .then([{ type: 'meeting.agenda_accepted', body: { target: 'e1', proposal: 'e5' } }]);
    expect(stateOf(meetings, [...amended, { party: 'red', type: 'meeting.agenda_accepted', body: { target: 'e1', proposal: 'e5' } }])?.agenda?.isAgreed).toBe(true);
  });

  it('the agenda of a cancelled meeting cannot change', () => {
    const cancelled = [...meeting, { party: 'red', type: 'meeting.cancelled', body: { target: 'e1', reason: 'x' } }];
    m.given(cancelled).when(redDelegate, { type: 'propose_agenda', items: [intercepts] }).thenError('meeting_cancelled');
  });
});

describe('agenda outcomes', () => {
  const note = { en: 'Text agreed ad referendum' };

  it('each party records its own outcome per item after the start, with an optional note', () => {
    m.given(agreed, during).when(actor('red', 'notetaker'), { type: 'record_outcome', item: 0, outcome: 'partly', note })
      .then([{ type: 'meeting.outcome_recorded', body: { target: 'e1', agenda: 'e3', item: 0, outcome: 'partly', note } }]);
    m.given(agreed, during).when(actor('red', 'observer'), { type: 'record_outcome', item: 0, outcome: 'partly' }).thenError('role_not_allowed');
    const noted: GivenEvent = { party: 'red', type: 'meeting.outcome_recorded', body: { target: 'e1', agenda: 'e3', item: 0, outcome: 'partly', note } };
    expect(stateOf(meetings, [...agreed, noted])?.agenda?.items[0]).toMatchObject({ outcomes: { red: 'partly' }, notes: { red: note } });
    expect(stateOf(meetings, [...agreed, noted, outcome('red', 0, 'achieved')])?.agenda?.items[0]?.notes).toEqual({});
  });

  it('refuses outcomes before the start, on a non-agreed agenda, or for an item not on it', () => {
    m.given(agreed).when(redDelegate, { type: 'record_outcome', item: 0, outcome: 'achieved' }).thenError('meeting_not_started');
    m.given([...meeting, agendaProposed], during).when(redDelegate, { type: 'record_outcome', item: 0, outcome: 'achieved' }).thenError('agenda_not_agreed');
    m.given(meeting, during).when(redDelegate, { type: 'record_outcome', item: 0, outcome: 'achieved' }).thenError('agenda_not_agreed');
    m.given(agreed, during).when(redDelegate, { type: 'record_outcome', item: 2, outcome: 'achieved' }).thenError('item_not_on_agenda', 'item');
    m.given(agreed, during).when(redDelegate, { type: 'record_outcome', item: 0, outcome: 'done' as never }).thenError('outcome_invalid', 'outcome');
    m.given([...agreed, outcome('red', 0, 'achieved')], during).when(redDelegate, { type: 'record_outcome', item: 0, outcome: 'achieved' })
      .thenError('outcome_unchanged');
  });

  it('a disagreement between the parties about an outcome is visible; the meeting counts as held', () => {
    const state = stateOf(meetings, [...agreed, outcome('red', 0, 'achieved'), outcome('blue', 0, 'partly')])!;
    expect(state.status).toBe('held');
    expect(state.agenda?.items[0]).toMatchObject({ outcomes: { red: 'achieved', blue: 'partly' }, disputed: true });
    expect(state.agenda?.items[1]).toMatchObject({ outcomes: {}, disputed: false });
    const settled = stateOf(meetings, [...agreed, outcome('red', 0, 'achieved'), outcome('blue', 0, 'partly'), outcome('blue', 0, 'achieved')])!;
    expect(settled.agenda?.items[0]).toMatchObject({ outcomes: { red: 'achieved', blue: 'achieved' }, disputed: false });
  });

  it('once outcomes are recorded the agenda is fixed; outcomes for another agenda version change nothing', () => {
    m.given([...agreed, outcome('red', 0, 'achieved')], during).when(redDelegate, { type: 'amend_agenda', items: [hotline] }).thenError('outcomes_recorded');
    // Readouts name items by position: once one is published, the agenda stays as it is.
    m.given(agreed).when(redDelegate, { type: 'amend_agenda', items: [hotline], readoutsPublished: 1 }).thenError('readouts_published');
    const stale = stateOf(meetings, [...agreed, outcome('red', 0, 'achieved', 'e9')])!;
    expect(stale.agenda?.items[0]?.outcomes).toEqual({});
    expect(stale.status).toBe('scheduled');
  });

  it('goalsAchievedRatio: per party, achieved items out of items with an outcome, as an integer percent', () => {
    const state = stateOf(meetings, [...agreed, outcome('red', 0, 'achieved'), outcome('red', 1, 'achieved'),
      outcome('blue', 0, 'achieved'), outcome('blue', 1, 'not_achieved')])!;
    expect(goalsAchievedRatio(state)).toEqual({
      red: { achieved: 2, recorded: 2, percent: 100 },
      blue: { achieved: 1, recorded: 2, percent: 50 },
    });
    expect(goalsAchievedRatio(stateOf(meetings, [...agreed, outcome('blue', 0, 'deferred')])!)).toEqual({ blue: { achieved: 0, recorded: 1, percent: 0 } });
    expect(goalsAchievedRatio(stateOf(meetings, agreed)!)).toEqual({});
  });
});
