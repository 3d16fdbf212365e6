/**
 * Meetings of a working group and their agenda: propose a time and format → agreed when
 * every party accepts the same version (reschedule = new version); agenda items with goals,
 * agreed the same way; per-party attendance and outcomes; concluded by fixing the next one.
 */
import type { AggregateKind } from '../aggregate.js';
import { AGENDA_EVENTS } from './agenda.js';
import { checkMeetingBody } from './body.js';
import { decideMeeting, type MeetingCommand } from './decide.js';
import { evolveMeeting } from './evolve.js';
import type { MeetingState } from './state.js';

export { decideMeeting, meetingProposal, type ProposeMeeting, type MeetingCommand, type ScheduleInput, type NextMeetingInput } from './decide.js';
export { evolveMeeting } from './evolve.js';
export { MAX_AGENDA_ITEMS, type AgendaCommand, type AgendaItemInput } from './agenda.js';
export { goalsAchievedRatio, type GoalsAchieved, type OutcomeCommand } from './outcomes.js';
export { checkInstant, type VenueInput } from './fields.js';
export {
  MEETING_STATUSES, MEETING_FORMATS, OUTCOMES,
  type MeetingState, type MeetingStatus, type MeetingFormat, type Outcome, type Venue, type Schedule,
  type NextMeeting, type Agenda, type AgendaItem,
} from './state.js';

export const meetings: AggregateKind<MeetingState, MeetingCommand> = {
  kind: 'meeting',
  creates: ['meeting.proposed'],
  changes: [
    'meeting.accepted', 'meeting.rescheduled', 'meeting.cancelled', 'meeting.attendance_recorded',
    'meeting.concluded', ...AGENDA_EVENTS, 'meeting.outcome_recorded',
  ],
  evolve: evolveMeeting,
  decide: decideMeeting,
  // `date` is when the meeting (currently proposed or agreed) starts, for calendars and ordering.
  index: (state) => ({ status: state.status, parent: state.workingGroup, date: state.schedule?.start ?? null }),
  checkBody: checkMeetingBody,
};
