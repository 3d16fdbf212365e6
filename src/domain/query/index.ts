/**
 * Queries about unusual activity: asked with an answer deadline from the terms in force →
 * answered by another party, or escalated by the asker's node to a proposed meeting of the
 * named working group (an answer after that is still recorded, late), or withdrawn.
 */
import type { AggregateKind } from '../aggregate.js';
import { isDue } from '../deadlines.js';
import type { PartyId } from '../../record/index.js';
import { checkQueryBody } from './body.js';
import { decideQuery, type QueryCommand } from './decide.js';
import { evolveQuery } from './evolve.js';
import type { QueryState } from './state.js';

export { decideQuery, ESCALATION_MEETING_SECONDS, type QueryCommand } from './decide.js';
export { QUERY_STATUSES, type QueryState, type QueryStatus } from './state.js';

export const queries: AggregateKind<QueryState, QueryCommand> = {
  kind: 'query',
  creates: ['query.asked'],
  // `meeting.proposed` changes a query only when it names the query in `target` (its escalation).
  changes: ['query.answered', 'query.escalated', 'query.withdrawn', 'meeting.proposed'],
  evolve: evolveQuery,
  decide: decideQuery,
  index: (state) => ({
    status: state.status, parent: state.workingGroup, party: state.askedBy, date: state.deadline,
    due: state.status === 'open' ? state.deadline : null,
  }),
  timeout: (state, now) => (state.status === 'open' && state.deadline !== null && isDue(state.deadline, now)
    ? { party: state.askedBy as PartyId, command: { type: 'escalate' } } : undefined),
  checkBody: checkQueryBody,
};
