/** How each request-to-talk event changes the state. Pure; replay rebuilds the same state. */
import type { RecordedEvent } from '../recorded.js';
import type { TalkRequestState } from './state.js';

type Body = { [key: string]: unknown };
type Text = { [lang: string]: string };

export function evolveTalkRequest(state: TalkRequestState | undefined, event: RecordedEvent): TalkRequestState {
  const body = (event.body ?? {}) as Body;
  if (event.type === 'talk_request.requested') {
    return {
      id: event.id, status: 'pending', requestedBy: event.party, requestedAt: event.time,
      format: (body.format as TalkRequestState['format']) ?? null,
      from: Array.isArray(body.from) ? body.from as TalkRequestState['from'] : [],
      to: Array.isArray(body.to) ? body.to as TalkRequestState['to'] : [],
      proposedTimes: Array.isArray(body.proposedTimes) ? body.proposedTimes as string[] : [],
      subject: (body.subject as Text | undefined) ?? null,
      responseSeconds: typeof body.responseSeconds === 'number' ? body.responseSeconds : null,
      deadline: typeof body.deadline === 'string' ? body.deadline : null,
      response: null, unansweredAt: null, withdrawn: null, lastActivityAt: event.time,
    };
  }
  if (!state) return state as unknown as TalkRequestState; // an event for an unknown request changes nothing
  const next: TalkRequestState = { ...state, lastActivityAt: event.time };
  const isLate = state.deadline !== null && Date.parse(event.time) > Date.parse(state.deadline);
  const reason = typeof body.reason === 'string' ? { reason: body.reason } : {};
  switch (event.type) {
    case 'talk_request.accepted':
      next.status = 'accepted';
      next.response = { party: event.party, at: event.time, isLate, time: String(body.time), ...(body.note ? { note: body.note as Text } : {}) };
      return next;
    case 'talk_request.declined':
      next.status = 'declined';
      next.response = { party: event.party, at: event.time, isLate, ...reason };
      return next;
    case 'talk_request.withdrawn':
      next.status = 'withdrawn';
      next.withdrawn = { at: event.time, ...reason };
      return next;
    case 'talk_request.unanswered':
      next.status = 'unanswered';
      next.unansweredAt = event.time;
      return next;
    default:
      return next;
  }
}
