/** Context events: dated, sourced events on the relationship timeline; recorded and corrected by their party. */
import type { AggregateKind } from '../aggregate.js';
import { checkContextBody } from './body.js';
import { decideContextEvent, type ContextEventCommand } from './decide.js';
import { evolveContextEvent } from './evolve.js';
import type { ContextEventState } from './state.js';

export { decideContextEvent, isRfc3339Date, type ContextEventCommand, type ContextInput } from './decide.js';
export { evolveContextEvent } from './evolve.js';
export {
  CONTEXT_CATEGORIES, CONTEXT_EVENT_STATUSES, type ContextCategory, type ContextEventState, type ContextEventStatus,
  type ContextFields, type ContextSource,
} from './state.js';

export const contextEvents: AggregateKind<ContextEventState, ContextEventCommand> = {
  kind: 'context_event',
  creates: ['context.recorded'],
  changes: ['context.corrected'],
  evolve: evolveContextEvent,
  decide: decideContextEvent,
  index: (state) => ({
    status: state.status, parent: null, party: state.recordedBy,
    // The timeline orders by when it happened; a withheld entry falls back to when it was recorded.
    date: state.fields?.date ?? state.recordedAt,
  }),
  checkBody: checkContextBody,
};
