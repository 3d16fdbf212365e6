/** Fork reports: a node puts on the record that it holds proof of a fork, so every party sees it. */
import type { AggregateKind } from '../aggregate.js';
import { decideForkReport, FORK_REPORTED, type ForkReportCommand } from './decide.js';
import { checkForkReportBody } from './body.js';
import { evolveForkReport } from './evolve.js';
import type { ForkReportState } from './state.js';

export { decideForkReport, FORK_REPORTED, type ForkReportCommand, type ForkEvidence } from './decide.js';
export { evolveForkReport } from './evolve.js';
export { FORK_REPORT_STATUSES, type ForkReportState, type ForkReportStatus } from './state.js';

export const forkReports: AggregateKind<ForkReportState, ForkReportCommand> = {
  kind: 'fork_report',
  creates: [FORK_REPORTED],
  changes: [],
  evolve: evolveForkReport,
  decide: decideForkReport,
  // Indexed under the contradicting event (or the log) and the party that forked, so the node finds "was this fork reported".
  index: (state) => ({ status: state.status, parent: state.events?.[1] ?? state.origin, party: state.forkedParty, date: state.at }),
  checkBody: checkForkReportBody,
};
