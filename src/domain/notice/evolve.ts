/**
 * How each notice event changes the state. Pure; replay rebuilds the same state.
 *
 * Lateness: a version is late when notice was required and its signed time is after its
 * deadline (window start − lead time): exactly on the deadline is on time. An amendment that
 * moves the start, or changes whether notice is required, is judged afresh — its own time
 * against its own deadline (so moving the start later can cure lateness, moving it earlier
 * can cause it); any other amendment keeps the standing of the version it amends, so fixing
 * a detail close to the start never makes a timely notice late.
 */
import type { DialogueContext, RecordedEvent } from '../recorded.js';
import type { LeadRule, NoticeContent, NoticeState, NoticeVersion } from './state.js';

type Body = { [key: string]: unknown };

function contentOf(body: Body | undefined): NoticeContent | null {
  if (!body) return null;
  const { target: _t, supersedes: _s, lead: _l, ...content } = body;
  return content as unknown as NoticeContent;
}

function versionOf(event: RecordedEvent, lead: LeadRule | null, content: NoticeContent | null, previous: NoticeVersion | undefined): NoticeVersion {
  const isRequired = lead?.isRequired ?? previous?.isRequired ?? false;
  const start = content?.window.start ?? previous?.start ?? '';
  const isJudgedAfresh = !previous || previous.start !== start || previous.isRequired !== isRequired;
  const isLate = isJudgedAfresh
    ? lead !== null && lead.isRequired && Date.parse(event.time) > Date.parse(lead.deadline)
    : previous.isLate;
  return { id: event.id, at: event.time, start, isRequired, isLate };
}

function acknowledged(state: NoticeState, dialogue: DialogueContext): NoticeState['status'] {
  if (state.status === 'cancelled') return 'cancelled';
  const others = dialogue.parties.filter((p) => p !== state.givenBy);
  return others.length > 0 && others.every((p) => state.acknowledgements[p] === state.version) ? 'acknowledged' : 'given';
}

export function evolveNotice(state: NoticeState | undefined, event: RecordedEvent, dialogue: DialogueContext): NoticeState {
  const body = event.body as Body | undefined;
  if (event.type === 'notice.given') {
    const content = contentOf(body);
    const lead = (body?.lead as LeadRule | undefined) ?? null;
    const first = versionOf(event, lead, content, undefined);
    const given: NoticeState = {
      id: event.id, status: 'given', givenBy: event.party, givenAt: event.time, version: event.id, content, lead,
      isRequired: first.isRequired, isLate: first.isLate, versions: [first], acknowledgements: {}, cancelled: null, lastActivityAt: event.time,
    };
    return { ...given, status: acknowledged(given, dialogue) };
  }
  if (!state) return state as unknown as NoticeState; // an event for an unknown notice changes nothing
  const next: NoticeState = { ...state, lastActivityAt: event.time };
  switch (event.type) {
    case 'notice.amended': {
      if (state.status === 'cancelled') return next;
      const content = contentOf(body);
      const lead = (body?.lead as LeadRule | undefined) ?? null;
      const amended = versionOf(event, lead, content, state.versions.at(-1));
      Object.assign(next, {
        version: event.id, content, lead, isRequired: amended.isRequired, isLate: amended.isLate,
        versions: [...state.versions, amended], acknowledgements: {},
      });
      next.status = acknowledged(next, dialogue);
      return next;
    }
    case 'notice.acknowledged':
      next.acknowledgements = { ...state.acknowledgements, [event.party]: String(body?.version) };
      next.status = acknowledged(next, dialogue);
      return next;
    case 'notice.cancelled':
      next.status = 'cancelled';
      next.cancelled = { at: event.time, ...(typeof body?.reason === 'string' ? { reason: body.reason } : {}) };
      return next;
    default:
      return next;
  }
}
