/**
 * Meeting state: when and how a working group meets, who comes, and the agenda whose items
 * each carry a checkable goal and, afterwards, every party's own view of the outcome.
 * Agreement on the schedule and on the agenda are separate: each is "every party accepted
 * the same version", and a new version drops the earlier agreement until re-agreed.
 */
import type { Acceptances } from '../agreement.js';

/**
 * `proposed` until every party accepted the same schedule version; `scheduled` once they did
 * (back to `proposed` on a reschedule); `held` once a party recorded attendance or an
 * outcome; `concluded` when the next meeting's date and place were fixed.
 */
export const MEETING_STATUSES = ['proposed', 'scheduled', 'held', 'concluded', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const MEETING_FORMATS = ['in_person', 'video', 'phone'] as const;
export type MeetingFormat = (typeof MEETING_FORMATS)[number];

export const OUTCOMES = ['achieved', 'partly', 'not_achieved', 'deferred'] as const;
export type Outcome = (typeof OUTCOMES)[number];

type Text = { [lang: string]: string };

/** Where and how: a named place in person, or a video or phone call (place optional then). */
export type Venue = { format: MeetingFormat; place?: Text };

/** One schedule version: start and end are RFC 3339 UTC date-times. */
export type Schedule = Venue & { start: string; end: string };

/** The next meeting as fixed at the end of this one. */
export type NextMeeting = Venue & { start: string };

export type AgendaItem = {
  /** The concrete, checkable outcome sought; null when the agenda's body was withheld. */
  goal: Text | null;
  /** An incident report or commitment the item is about, by id. */
  incident: string | null;
  commitment: string | null;
  /** Party → the outcome it recorded for this item. */
  outcomes: { [party: string]: Outcome };
  /** Party → its note on the outcome, where it gave one. */
  notes: { [party: string]: Text };
  /** True when two parties recorded different outcomes: the disagreement is itself a fact. */
  disputed: boolean;
};

export type Agenda = {
  /** Id of the event that proposed the current version: what every party must accept. */
  proposal: string;
  /** 1 for the first proposal, +1 per amendment. */
  version: number;
  proposedBy: string;
  items: AgendaItem[];
  acceptances: Acceptances;
  isAgreed: boolean;
};

export type MeetingState = {
  id: string;
  status: MeetingStatus;
  proposedBy: string;
  proposedAt: string;
  /** null only when the proposal's body was redacted or withheld. */
  workingGroup: string | null;
  /** Id of the current schedule version (the meeting's own id until a reschedule). */
  proposal: string;
  /** The current schedule version; null when the proposal's body was withheld. */
  schedule: Schedule | null;
  acceptances: Acceptances;
  /** Party → member ids it disclosed as participants. */
  participants: { [party: string]: string[] };
  /** Party → member ids it recorded as having attended (each party for its own members). */
  attendance: { [party: string]: string[] };
  agenda: Agenda | null;
  cancelled: { party: string; reason: string; at: string } | null;
  /** Fixed when the meeting concluded: when and where the next one is. */
  next: NextMeeting | null;
  concludedBy: string | null;
  /** Every lifecycle step, for the timeline. */
  history: { type: string; party: string; at: string; reason?: string }[];
  lastActivityAt: string;
};
