/**
 * Requests to talk: a call or meeting between named officials, proposed times, a response
 * deadline from the terms in force → accepted (one time), declined, withdrawn, or left
 * unanswered (recorded by the requester's node when the deadline passes).
 */
import type { AggregateKind } from '../aggregate.js';
import { isDue } from '../deadlines.js';
import type { PartyId } from '../../record/index.js';
import { checkTalkRequestBody } from './body.js';
import { decideTalkRequest, type TalkRequestCommand } from './decide.js';
import { evolveTalkRequest } from './evolve.js';
import type { TalkRequestState } from './state.js';

export { decideTalkRequest, MAX_PROPOSED_TIMES, type TalkRequestCommand, type OfficialInput } from './decide.js';
export { TALK_REQUEST_STATUSES, TALK_FORMATS, type TalkRequestState, type TalkRequestStatus, type TalkFormat, type Official } from './state.js';

export const talkRequests: AggregateKind<TalkRequestState, TalkRequestCommand> = {
  kind: 'talk_request',
  creates: ['talk_request.requested'],
  changes: ['talk_request.accepted', 'talk_request.declined', 'talk_request.withdrawn', 'talk_request.unanswered'],
  evolve: evolveTalkRequest,
  decide: decideTalkRequest,
  // `date`: the agreed time once accepted, else the response deadline; `due` only while pending.
  index: (state) => ({
    status: state.status, party: state.requestedBy,
    date: state.response?.time ?? state.deadline,
    due: state.status === 'pending' ? state.deadline : null,
  }),
  timeout: (state, now) => (state.status === 'pending' && state.deadline !== null && isDue(state.deadline, now)
    ? { party: state.requestedBy as PartyId, command: { type: 'expire' } } : undefined),
  checkBody: checkTalkRequestBody,
};
