/**
 * Terms of the crisis channels (deadlines, link tests, notice lead times), their defaults,
 * and the `terms` aggregate by which the parties agree their own.
 */
import type { AggregateKind } from '../aggregate.js';
import { checkTermsBody } from './body.js';
import { decideTerms, type TermsCommand } from './decide.js';
import { evolveTerms } from './evolve.js';
import type { TermsState } from './state.js';

export {
  DEFAULT_TERMS, NOTICE_TYPES, PRECEDENCES,
  type DialogueTerms, type NoticeTerms, type NoticeType, type Precedence,
} from './terms.js';
export { checkTerms } from './check.js';
export { decideTerms, type TermsCommand } from './decide.js';
export { TERMS_STATUSES, type TermsState, type TermsStatus } from './state.js';

export const dialogueTerms: AggregateKind<TermsState, TermsCommand> = {
  kind: 'terms',
  creates: ['terms.proposed'],
  changes: ['terms.accepted', 'terms.rejected', 'terms.withdrawn'],
  evolve: evolveTerms,
  decide: decideTerms,
  index: (state) => ({ status: state.status, party: state.proposedBy, date: state.agreedTime ?? state.proposedAt }),
  checkBody: checkTermsBody,
};
