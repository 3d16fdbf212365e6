/** How each meeting event changes the state. Pure; replay rebuilds the same state. */
import { isAgreed } from '../agreement.js';
import type { DialogueContext, RecordedEvent } from '../recorded.js';
import { evolveAgenda } from './agenda.js';
import { evolveOutcome } from './outcomes.js';
import type { MeetingState, NextMeeting, Schedule, Venue } from './state.js';

type Body = { [key: string]: unknown };

function venueOf(body: Body): Venue {
  const format = body.format as Venue['format'];
  return body.place === undefined ? { format } : { format, place: body.place as { [lang: string]: string } };
}

function scheduleOf(body: Body): Schedule {
  return { start: String(body.start), end: String(body.end), ...venueOf(body) };
}

function withParticipants(state: MeetingState, party: string, body: Body): MeetingState['participants'] {
  return Array.isArray(body.participants) ? { ...state.participants, [party]: body.participants as string[] } : state.participants;
}

export function evolveMeeting(state: MeetingState | undefined, event: RecordedEvent, dialogue: DialogueContext): MeetingState {
  const body = (event.body ?? {}) as Body;
  const reason = typeof body.reason === 'string' ? body.reason : null;
  if (event.type === 'meeting.proposed') {
    const withheld = event.body === undefined;
    const acceptances = { [event.party]: event.id };
    return {
      id: event.id,
      status: isAgreed(acceptances, event.id, dialogue.parties) ? 'scheduled' : 'proposed',
      proposedBy: event.party, proposedAt: event.time,
      workingGroup: typeof body.workingGroup === 'string' ? body.workingGroup : null,
      proposal: event.id,
      schedule: withheld ? null : scheduleOf(body),
      acceptances,
      participants: Array.isArray(body.participants) ? { [event.party]: body.participants as string[] } : {},
      attendance: {}, agenda: null, cancelled: null, next: null, concludedBy: null,
      history: [{ type: event.type, party: event.party, at: event.time }],
      lastActivityAt: event.time,
    };
  }
  if (!state) return state as unknown as MeetingState; // an event for an unknown meeting changes nothing
  const next: MeetingState = {
    ...state,
    history: [...state.history, { type: event.type, party: event.party, at: event.time, ...(reason ? { reason } : {}) }],
    lastActivityAt: event.time,
  };
  const held = (): MeetingState['status'] => (state.status === 'scheduled' ? 'held' : state.status);
  switch (event.type) {
    case 'meeting.accepted':
      next.acceptances = { ...state.acceptances, [event.party]: String(body.proposal) };
      next.participants = withParticipants(state, event.party, body);
      if (state.status === 'proposed' && isAgreed(next.acceptances, state.proposal, dialogue.parties)) next.status = 'scheduled';
      return next;
    case 'meeting.rescheduled':
      if (state.status !== 'proposed' && state.status !== 'scheduled') return next;
      next.proposal = event.id;
      next.schedule = scheduleOf(body);
      next.acceptances = { [event.party]: event.id };
      next.participants = withParticipants(state, event.party, body);
      next.status = isAgreed(next.acceptances, event.id, dialogue.parties) ? 'scheduled' : 'proposed';
      return next;
    case 'meeting.cancelled':
      next.status = 'cancelled';
      next.cancelled = { party: event.party, reason: reason ?? '', at: event.time };
      return next;
    case 'meeting.attendance_recorded':
      next.attendance = { ...state.attendance, [event.party]: Array.isArray(body.attended) ? (body.attended as string[]) : [] };
      next.status = held();
      return next;
    case 'meeting.concluded': {
      const fixed = (body.next ?? {}) as Body;
      next.status = 'concluded';
      next.next = { start: String(fixed.start), ...venueOf(fixed) } satisfies NextMeeting;
      next.concludedBy = event.party;
      return next;
    }
    case 'meeting.agenda_proposed':
    case 'meeting.agenda_amended':
    case 'meeting.agenda_accepted':
      next.agenda = evolveAgenda(state.agenda, event, dialogue);
      return next;
    case 'meeting.outcome_recorded':
      next.agenda = evolveOutcome(state.agenda, event);
      if (next.agenda !== state.agenda) next.status = held();
      return next;
    default:
      return next;
  }
}
