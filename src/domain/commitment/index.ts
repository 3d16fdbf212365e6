/**
 * Commitments: "party X will do Y by date Z" — proposed by either party, committed by a
 * principal of X, delivered by X with evidence, confirmed or disputed by the counterpart.
 * Overdue is computed (`statusAt`), never recorded. `csv.ts` carries bulk progress updates (export, compare, import).
 */
import type { AggregateKind } from '../aggregate.js';
import { checkCommitmentBody } from './body.js';
import { decideCommitment, type CommitmentCommand } from './decide.js';
import { evolveCommitment } from './evolve.js';
import { dateInstant } from './fields.js';
import type { CommitmentState } from './state.js';

export { decideCommitment, type CommitmentCommand } from './decide.js';
export { evolveCommitment } from './evolve.js';
export { dateInstant, MAX_MILESTONES, type EvidenceInput, type MilestoneInput } from './fields.js';
export {
  COMMITMENT_STATUSES, statusAt, isDeliveredOnTime,
  type CommitmentState, type CommitmentStatus, type CommitmentStatusAt, type Milestone, type Evidence,
} from './state.js';
export {
  commitmentsToCsv, parseCommitmentCsv, compareCommitmentCsvRow,
  type CommitmentCsvRow, type CommitmentCsvError, type CommitmentCsvResult, type CommitmentCsvChange, type VersionedCommitment,
} from './csv.js';

export const commitments: AggregateKind<CommitmentState, CommitmentCommand> = {
  kind: 'commitment',
  creates: ['commitment.proposed'],
  changes: [
    'commitment.committed', 'commitment.updated', 'commitment.delivered', 'commitment.confirmed',
    'commitment.disputed', 'commitment.withdrawn',
  ],
  evolve: evolveCommitment,
  decide: decideCommitment,
  // `date` is the due instant in UTC, so "overdue" is status = committed and date < now.
  index: (state) => ({
    status: state.status, parent: state.workingGroup, party: state.party,
    date: state.due === null ? null : dateInstant(state.due),
  }),
  checkBody: checkCommitmentBody,
};
