/** Working groups: propose → accepted by every party → active; suspend/resume; amend; close. */
import type { AggregateKind } from '../aggregate.js';
import { checkWorkingGroupBody } from './body.js';
import { decideWorkingGroup, type WorkingGroupCommand } from './decide.js';
import { evolveWorkingGroup } from './evolve.js';
import type { WorkingGroupState } from './state.js';

export { decideWorkingGroup, type WorkingGroupCommand, type MandateInput } from './decide.js';
export { evolveWorkingGroup } from './evolve.js';
export { WORKING_GROUP_STATUSES, type WorkingGroupState, type WorkingGroupStatus, type Mandate } from './state.js';

export const workingGroups: AggregateKind<WorkingGroupState, WorkingGroupCommand> = {
  kind: 'working_group',
  creates: ['working_group.proposed'],
  changes: [
    'working_group.accepted', 'working_group.rejected', 'working_group.withdrawn', 'working_group.suspended',
    'working_group.resumed', 'working_group.amendment_proposed', 'working_group.amendment_accepted',
    'working_group.closure_proposed', 'working_group.closure_accepted',
  ],
  evolve: evolveWorkingGroup,
  decide: decideWorkingGroup,
  index: (state) => ({ status: state.status, date: state.lastActivityAt }),
  checkBody: checkWorkingGroupBody,
};
