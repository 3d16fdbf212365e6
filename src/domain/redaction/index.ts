/** Redactions: a principal withdraws the body of its own party's event after a spillage. */
import type { AggregateKind } from '../aggregate.js';
import { checkRedactionBody } from './body.js';
import { decideRedaction, REDACTION_EVENT, type RedactionCommand } from './decide.js';
import { evolveRedaction } from './evolve.js';
import type { RedactionState } from './state.js';

export { decideRedaction, REDACTION_EVENT, type RedactionCommand, type EventToRedact } from './decide.js';
export { evolveRedaction } from './evolve.js';
export { REDACTION_STATUSES, type RedactionState, type RedactionStatus } from './state.js';

export const redactions: AggregateKind<RedactionState, RedactionCommand> = {
  kind: 'redaction',
  creates: [REDACTION_EVENT],
  changes: [],
  evolve: evolveRedaction,
  decide: decideRedaction,
  // Indexed under the redacted event, so the node finds "is this event redacted, by whom, why".
  index: (state) => ({ status: state.status, parent: state.event, party: state.party, date: state.at }),
  checkBody: checkRedactionBody,
};
