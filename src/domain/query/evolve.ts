/** How each query event changes the state. Pure; replay rebuilds the same state. */
import type { Area } from '../geo.js';
import type { RecordedEvent } from '../recorded.js';
import type { QueryState } from './state.js';

type Body = { [key: string]: unknown };
type Text = { [lang: string]: string };

export function evolveQuery(state: QueryState | undefined, event: RecordedEvent): QueryState {
  const body = (event.body ?? {}) as Body;
  if (event.type === 'query.asked') {
    return {
      id: event.id, status: 'open', askedBy: event.party, askedAt: event.time,
      subject: (body.subject as Text | undefined) ?? null,
      description: (body.description as Text | undefined) ?? null,
      area: (body.area as Area | undefined) ?? null,
      window: (body.window as QueryState['window'] | undefined) ?? null,
      workingGroup: typeof body.workingGroup === 'string' ? body.workingGroup : null,
      answerSeconds: typeof body.answerSeconds === 'number' ? body.answerSeconds : null,
      deadline: typeof body.deadline === 'string' ? body.deadline : null,
      answer: null, escalation: null, withdrawn: null, lastActivityAt: event.time,
    };
  }
  if (!state) return state as unknown as QueryState; // an event for an unknown query changes nothing
  switch (event.type) {
    case 'query.answered': {
      const isLate = state.deadline !== null && Date.parse(event.time) > Date.parse(state.deadline);
      return { ...state, status: 'answered', answer: { party: event.party, at: event.time, text: (body.text as Text | undefined) ?? null, isLate }, lastActivityAt: event.time };
    }
    case 'query.escalated':
      return { ...state, status: state.status === 'open' ? 'escalated' : state.status, escalation: { at: event.time, meeting: null }, lastActivityAt: event.time };
    case 'meeting.proposed':
      // The meeting the asker's node proposed as this query's escalation.
      if (state.escalation === null || state.escalation.meeting !== null || event.party !== state.askedBy) return state;
      return { ...state, escalation: { ...state.escalation, meeting: event.id } };
    case 'query.withdrawn':
      return { ...state, status: 'withdrawn', withdrawn: { at: event.time, ...(typeof body.reason === 'string' ? { reason: body.reason } : {}) }, lastActivityAt: event.time };
    default:
      return state;
  }
}
