/** How each working-group event changes the state. Pure; replay rebuilds the same state. */
import { isAgreed } from '../agreement.js';
import type { DialogueContext, RecordedEvent } from '../recorded.js';
import type { Mandate, WorkingGroupState } from './state.js';

type Body = { [key: string]: unknown };

export function evolveWorkingGroup(state: WorkingGroupState | undefined, event: RecordedEvent, dialogue: DialogueContext): WorkingGroupState {
  const body = (event.body ?? {}) as Body;
  const reason = typeof body.reason === 'string' ? body.reason : null;
  if (event.type === 'working_group.proposed') {
    return {
      id: event.id, status: 'proposed', proposedBy: event.party, proposedAt: event.time,
      mandate: event.body === undefined ? null : (body.mandate as Mandate),
      coChairs: typeof body.coChair === 'string' ? { [event.party]: body.coChair } : {},
      proposal: event.id,
      acceptances: { [event.party]: event.id },
      rejections: [], amendment: null, closure: null, suspendedBy: {},
      history: [{ type: event.type, party: event.party, at: event.time }],
      lastActivityAt: event.time,
    };
  }
  if (!state) return state as unknown as WorkingGroupState; // an event for an unknown group changes nothing
  const next: WorkingGroupState = {
    ...state,
    history: [...state.history, { type: event.type, party: event.party, at: event.time, ...(reason ? { reason } : {}) }],
    lastActivityAt: event.time,
  };
  switch (event.type) {
    case 'working_group.accepted': {
      next.acceptances = { ...state.acceptances, [event.party]: String(body.proposal) };
      if (typeof body.coChair === 'string') next.coChairs = { ...state.coChairs, [event.party]: body.coChair };
      if (state.status === 'proposed' && isAgreed(next.acceptances, state.proposal, dialogue.parties)) next.status = 'active';
      return next;
    }
    case 'working_group.rejected':
      next.rejections = [...state.rejections, { party: event.party, proposal: String(body.proposal), reason, at: event.time }];
      next.status = 'rejected';
      return next;
    case 'working_group.withdrawn':
      next.status = 'withdrawn';
      return next;
    case 'working_group.suspended':
      next.suspendedBy = { ...state.suspendedBy, [event.party]: { reason: reason ?? '', at: event.time } };
      if (state.status !== 'closed') next.status = 'suspended';
      return next;
    case 'working_group.resumed': {
      const { [event.party]: _resumed, ...rest } = state.suspendedBy;
      next.suspendedBy = rest;
      // A resumption decided concurrently with the closure (on another node) never reopens it.
      if (Object.keys(rest).length === 0 && state.status === 'suspended') next.status = 'active';
      return next;
    }
    case 'working_group.amendment_proposed':
      next.amendment = { proposal: event.id, mandate: body.mandate as Mandate, acceptances: { [event.party]: event.id } };
      return next;
    case 'working_group.amendment_accepted': {
      // A closed group's mandate no longer changes (an acceptance decided concurrently with the closure).
      if (!state.amendment || state.status === 'closed') return next;
      const acceptances = { ...state.amendment.acceptances, [event.party]: String(body.proposal) };
      if (isAgreed(acceptances, state.amendment.proposal, dialogue.parties)) {
        next.mandate = state.amendment.mandate;
        next.amendment = null;
      } else {
        next.amendment = { ...state.amendment, acceptances };
      }
      return next;
    }
    case 'working_group.closure_proposed':
      next.closure = { proposal: event.id, acceptances: { [event.party]: event.id } };
      return next;
    case 'working_group.closure_accepted': {
      if (!state.closure) return next;
      const acceptances = { ...state.closure.acceptances, [event.party]: String(body.proposal) };
      next.closure = { ...state.closure, acceptances };
      if (isAgreed(acceptances, state.closure.proposal, dialogue.parties)) next.status = 'closed';
      return next;
    }
    default:
      return next;
  }
}
