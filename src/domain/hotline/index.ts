/**
 * Hotline calls: placed with a precedence, delivered (receipt by the receiving node),
 * acknowledged and answered by a duty officer, escalated along the receiving party's
 * private ladder when late, closed with an outcome.
 */
import type { AggregateKind } from '../aggregate.js';
import { checkHotlineCallBody } from './body.js';
import { decideHotlineCall, type HotlineCallCommand } from './decide.js';
import { evolveHotlineCall } from './evolve.js';
import type { HotlineCallState } from './state.js';

export { decideHotlineCall, type HotlineCallCommand } from './decide.js';
export { HOTLINE_CALL_STATUSES, CALL_OUTCOMES, isSettled, type HotlineCallState, type HotlineCallStatus, type CallOutcome } from './state.js';
export { checkLadder, DEFAULT_LADDER, MAX_RUNGS, type EscalationRung } from './ladder.js';

export const hotlineCalls: AggregateKind<HotlineCallState, HotlineCallCommand> = {
  kind: 'hotline_call',
  creates: ['hotline_call.placed'],
  changes: ['hotline_call.delivered', 'hotline_call.acknowledged', 'hotline_call.answered', 'hotline_call.escalated', 'hotline_call.closed'],
  evolve: evolveHotlineCall,
  decide: decideHotlineCall,
  // The escalation clock is private to the receiving party (docs/decisions/0009), so no `due` here.
  index: (state) => ({ status: state.status, parent: state.from, party: state.to, date: state.placedAt }),
  checkBody: checkHotlineCallBody,
};
