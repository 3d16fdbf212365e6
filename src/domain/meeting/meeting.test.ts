import { describe, expect, it } from 'vitest';
import type { DialogueId, PartyId } from '../../record/index.js';
import { actor, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { meetings } from './index.js';

const m = spec(meetings);
const start = '2026-03-10T09:00:00Z';
const end = '2026-03-10T11:00:00Z';
const during = { now: new Date('2026-03-10T10:00:00Z') };
const geneva = { en: 'Palais des Nations, Geneva', fr: 'Palais des Nations, Genève' };
const schedule = { start, end, format: 'in_person' as const, place: geneva };
const proposed: GivenEvent = { party: 'red', type: 'meeting.proposed', body: { workingGroup: 'wg1', ...schedule, participants: ['red-chair'] } };
const accepted: GivenEvent = { party: 'blue', type: 'meeting.accepted', body: { target: 'e1', proposal: 'e1', participants: ['blue-chair'] } };
/** The event a decider returns: a given event without its author. */
const emitted = ({ party: _party, time: _time, ...event }: GivenEvent) => event;
const redDelegate = actor('red', 'delegate');
const bluePrincipal = actor('blue', 'principal');

describe('meeting schedule', () => {
  it('given nothing, when a delegate proposes a time, place and participants, then meeting.proposed', () => {
    m.given().when(redDelegate, { type: 'propose', workingGroup: 'wg1', ...schedule, participants: ['red-chair'] })
      .then([emitted(proposed)]);
    m.given().when(redDelegate, { type: 'propose', workingGroup: 'wg1', start, end, format: 'video' })
      .then([{ type: 'meeting.proposed', body: { workingGroup: 'wg1', start, end, format: 'video', participants: [] } }]);
  });

  it('refuses bad proposals, naming the field', () => {
    const base = { type: 'propose' as const, workingGroup: 'wg1', ...schedule };
    m.given().when(redDelegate, { ...base, start: '2026-03-10T10:00:00+01:00' }).thenError('time_invalid', 'start');
    m.given().when(redDelegate, { ...base, end: '2026-02-30T10:00:00Z' }).thenError('time_invalid', 'end');
    m.given().when(redDelegate, { ...base, end: start }).thenError('end_not_after_start', 'end');
    m.given().when(redDelegate, { ...base, place: undefined }).thenError('place_missing', 'place');
    m.given().when(redDelegate, { ...base, format: 'pigeon' as never }).thenError('format_invalid', 'format');
    m.given().when(redDelegate, { ...base, workingGroup: ' ' }).thenError('working_group_missing', 'workingGroup');
    m.given().when(redDelegate, { ...base, participants: ['a', 'a'] }).thenError('member_repeated', 'participants[1]');
    m.given().when(actor('red', 'notetaker'), base).thenError('role_not_allowed');
  });

  it('is scheduled only when every party accepted the same version; each party discloses its own participants', () => {
    const pending = stateOf(meetings, [proposed])!;
    expect(pending).toMatchObject({ status: 'proposed', workingGroup: 'wg1', schedule, acceptances: { red: 'e1' } });
    const agreed = stateOf(meetings, [proposed, accepted])!;
    expect(agreed.status).toBe('scheduled');
    expect(agreed.participants).toEqual({ red: ['red-chair'], blue: ['blue-chair'] });
    expect(meetings.index(agreed)).toEqual({ status: 'scheduled', parent: 'wg1', date: start });
  });

  it('accepting: principals only, the current version only, once', () => {
    m.given([proposed]).when(bluePrincipal, { type: 'accept', proposal: 'e1', participants: ['blue-chair'] }).then([emitted(accepted)]);
    m.given([proposed]).when(bluePrincipal, { type: 'accept', proposal: 'e9' }).thenError('stale_proposal');
    m.given([proposed]).when(actor('blue', 'delegate'), { type: 'accept', proposal: 'e1' }).thenError('role_not_allowed');
    m.given([proposed]).when(actor('red', 'principal'), { type: 'accept', proposal: 'e1' }).thenError('already_accepted');
    m.given([proposed, accepted]).when(bluePrincipal, { type: 'accept', proposal: 'e1' }).thenError('meeting_scheduled');
  });

  it('a reschedule is a new version: the earlier agreement no longer holds until re-agreed', () => {
    const later = { ...schedule, start: '2026-03-11T09:00:00Z', end: '2026-03-11T11:00:00Z' };
    m.given([proposed, accepted]).when(actor('blue', 'delegate'), { type: 'reschedule', ...later, reason: 'Travel' })
      .then([{ type: 'meeting.rescheduled', body: { target: 'e1', supersedes: 'e1', ...later, reason: 'Travel' } }]);
    m.given([proposed, accepted]).when(redDelegate, { type: 'reschedule', ...schedule }).thenError('schedule_unchanged');
    const moved: GivenEvent = { party: 'blue', type: 'meeting.rescheduled', body: { target: 'e1', supersedes: 'e1', ...later } };
    const state = stateOf(meetings, [proposed, accepted, moved])!;
    expect(state).toMatchObject({ status: 'proposed', proposal: 'e3', schedule: later, acceptances: { blue: 'e3' } });
    expect(meetings.index(state).date).toBe(later.start);
    m.given([proposed, accepted, moved]).when(actor('red', 'principal'), { type: 'accept', proposal: 'e1' }).thenError('stale_proposal');
    const reagreed = stateOf(meetings, [proposed, accepted, moved, { party: 'red', type: 'meeting.accepted', body: { target: 'e1', proposal: 'e3' } }]);
    expect(reagreed?.status).toBe('scheduled');
    expect(reagreed?.participants).toEqual({ red: ['red-chair'], blue: ['blue-chair'] });
  });

  it('either party cancels with a reason; a cancelled meeting stays cancelled', () => {
    m.given([proposed, accepted]).when(actor('blue', 'delegate'), { type: 'cancel', reason: ' ' }).thenError('reason_missing', 'reason');
    m.given([proposed, accepted]).when(actor('blue', 'delegate'), { type: 'cancel', reason: 'Incident at sea' })
      .then([{ type: 'meeting.cancelled', body: { target: 'e1', reason: 'Incident at sea' } }]);
    const cancelled: GivenEvent = { party: 'blue', type: 'meeting.cancelled', body: { target: 'e1', reason: 'Incident at sea' } };
    const state = stateOf(meetings, [proposed, accepted, cancelled])!;
    expect(state).toMatchObject({ status: 'cancelled', cancelled: { party: 'blue', reason: 'Incident at sea' } });
    expect(state.history.at(-1)).toMatchObject({ type: 'meeting.cancelled', party: 'blue', reason: 'Incident at sea' });
    m.given([proposed, accepted, cancelled]).when(redDelegate, { type: 'reschedule', ...schedule, start: '2026-03-10T08:00:00Z' }).thenError('meeting_cancelled');
    m.given([proposed, accepted, cancelled]).when(redDelegate, { type: 'cancel', reason: 'again' }).thenError('meeting_cancelled');
  });

  it('attendance: each party records its own members, after the start of an agreed meeting', () => {
    m.given([proposed, accepted]).when(actor('red', 'notetaker'), { type: 'record_attendance', attended: ['red-chair'] }).thenError('meeting_not_started');
    m.given([proposed], during).when(actor('red', 'notetaker'), { type: 'record_attendance', attended: ['red-chair'] }).thenError('meeting_not_scheduled');
    m.given([proposed, accepted], during).when(actor('red', 'notetaker'), { type: 'record_attendance', attended: ['red-chair', 'red-expert'] })
      .then([{ type: 'meeting.attendance_recorded', body: { target: 'e1', attended: ['red-chair', 'red-expert'] } }]);
    m.given([proposed, accepted], during).when(actor('red', 'observer'), { type: 'record_attendance', attended: [] }).thenError('role_not_allowed');
    const attended: GivenEvent = { party: 'blue', type: 'meeting.attendance_recorded', body: { target: 'e1', attended: ['blue-chair'] } };
    const state = stateOf(meetings, [proposed, accepted, attended])!;
    expect(state.status).toBe('held');
    expect(state.attendance).toEqual({ blue: ['blue-chair'] });
    m.given([proposed, accepted, attended], during).when(actor('blue', 'notetaker'), { type: 'record_attendance', attended: ['blue-chair'] })
      .thenError('attendance_unchanged');
  });

  it('a meeting concludes only by fixing the date and place of the next one', () => {
    const next = { start: '2026-06-10T09:00:00Z', format: 'in_person' as const, place: { en: 'Beijing' } };
    m.given([proposed, accepted], during).when(redDelegate, { type: 'conclude', next: undefined as never }).thenError('next_missing', 'next');
    m.given([proposed, accepted], during).when(redDelegate, { type: 'conclude', next: { ...next, start: '2026-03-10T10:30:00Z' } })
      .thenError('next_not_after_meeting', 'next.start');
    m.given([proposed, accepted], during).when(redDelegate, { type: 'conclude', next: { start: next.start, format: 'in_person' } })
      .thenError('place_missing', 'next.place');
    m.given([proposed, accepted]).when(redDelegate, { type: 'conclude', next }).thenError('meeting_not_started');
    m.given([proposed], during).when(redDelegate, { type: 'conclude', next }).thenError('meeting_not_scheduled');
    m.given([proposed, accepted], during).when(actor('red', 'notetaker'), { type: 'conclude', next }).thenError('role_not_allowed');
    m.given([proposed, accepted], during).when(redDelegate, { type: 'conclude', next })
      .then([{ type: 'meeting.concluded', body: { target: 'e1', next } }]);
    const concluded = stateOf(meetings, [proposed, accepted, { party: 'red', type: 'meeting.concluded', body: { target: 'e1', next } }])!;
    expect(concluded).toMatchObject({ status: 'concluded', next, concludedBy: 'red' });
    m.given([proposed, accepted, { party: 'red', type: 'meeting.concluded', body: { target: 'e1', next } }], during)
      .when(redDelegate, { type: 'cancel', reason: 'late' }).thenError('meeting_concluded');
  });

  it('a withheld proposal keeps its lifecycle but not its content', () => {
    const state = stateOf(meetings, [{ ...proposed, body: undefined as never }, accepted])!;
    expect(state).toMatchObject({ status: 'scheduled', schedule: null, workingGroup: null });
    expect(meetings.index(state)).toEqual({ status: 'scheduled', parent: null, date: null });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('in a one-party dialogue the proposal is agreed at once; unknown meetings are not found', () => {
    const alone = { id: 'd2' as DialogueId, parties: ['red'] as PartyId[] };
    expect(stateOf(meetings, [proposed], undefined, alone)?.status).toBe('scheduled');
    m.given().when(bluePrincipal, { type: 'accept', proposal: 'e1' }).thenError('meeting_not_found');
  });
});
