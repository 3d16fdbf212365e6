/** Readouts: each party's own published account of a meeting, and their side-by-side comparison. */
import type { AggregateKind } from '../aggregate.js';
import { checkReadoutBody } from './body.js';
import { decideReadout, type ReadoutCommand } from './decide.js';
import { evolveReadout } from './evolve.js';
import type { ReadoutState } from './state.js';

export { decideReadout, type ReadoutCommand, type ReadoutItemInput, type MeetingFacts } from './decide.js';
export { evolveReadout } from './evolve.js';
export { READOUT_STATUSES, type ReadoutState, type ReadoutStatus, type ReadoutItem, type ReadoutVersion } from './state.js';
export {
  compareReadouts, COMPARISON_STEPS, type ComparableReadout, type ReadoutComparison, type ItemComparison, type SubjectComparison, type PairComparison,
} from './compare.js';
export {
  diffWords, compareTexts, tokenize, sideOf, MAX_EDITS, DIFF_STEPS, type DiffSegment, type DiffOp, type DiffBudget, type WordDiff,
} from './word-diff.js';

export const readouts: AggregateKind<ReadoutState, ReadoutCommand> = {
  kind: 'readout',
  creates: ['readout.published'],
  changes: ['readout.revised'],
  evolve: evolveReadout,
  decide: decideReadout,
  index: (state) => ({ status: state.status, parent: state.meeting, party: state.party, date: state.versionAt }),
  checkBody: checkReadoutBody,
};
