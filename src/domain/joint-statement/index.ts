/** Joint statements: a text every party's principal signs; agreed when all signed the same version. */
import type { AggregateKind } from '../aggregate.js';
import { checkJointStatementBody } from './body.js';
import { decideJointStatement, type JointStatementCommand } from './decide.js';
import { evolveJointStatement } from './evolve.js';
import type { JointStatementState } from './state.js';

export { decideJointStatement, type JointStatementCommand } from './decide.js';
export { evolveJointStatement } from './evolve.js';
export { JOINT_STATEMENT_STATUSES, type JointStatementState, type JointStatementStatus, type StatementVersion } from './state.js';

export const jointStatements: AggregateKind<JointStatementState, JointStatementCommand> = {
  kind: 'joint_statement',
  creates: ['joint_statement.proposed'],
  changes: ['joint_statement.revised', 'joint_statement.signed', 'joint_statement.withdrawn'],
  evolve: evolveJointStatement,
  decide: decideJointStatement,
  index: (state) => ({
    status: state.status, parent: state.meeting ?? state.workingGroup, party: state.proposedBy,
    date: state.agreedAt ?? state.lastActivityAt,
  }),
  checkBody: checkJointStatementBody,
};
