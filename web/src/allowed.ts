/**
 * Which actions to offer on an item: the member's roles must allow the action (the server's
 * policy table, via `can`) and the item's state must admit it from the member's party — the
 * same conditions the deciders in src/domain check, so a button shown is a step the server
 * accepts, and the server still decides.
 */
import type { Commitment, WorkingGroup } from './model.js';

type Can = (action: string) => boolean;

export type WorkingGroupAction = 'accept' | 'reject' | 'withdraw' | 'suspend' | 'resume';

export function workingGroupActions(group: WorkingGroup, party: string, can: Can): WorkingGroupAction[] {
  const actions: WorkingGroupAction[] = [];
  const proposed = group.status === 'proposed';
  const running = group.status === 'active' || group.status === 'suspended';
  if (proposed && group.acceptances[party] !== group.proposal && can('working_group.accept')) actions.push('accept');
  if (proposed && group.proposedBy !== party && can('working_group.reject')) actions.push('reject');
  if (proposed && group.proposedBy === party && can('working_group.withdraw')) actions.push('withdraw');
  if (running && !(party in group.suspendedBy) && can('working_group.suspend')) actions.push('suspend');
  if (party in group.suspendedBy && can('working_group.resume')) actions.push('resume');
  return actions;
}

/** Parties whose acceptance of the current proposal is still missing. */
export function awaitingParties(group: WorkingGroup, parties: readonly string[]): string[] {
  return parties.filter((p) => group.acceptances[p] !== group.proposal);
}

export type CommitmentAction = 'commit' | 'deliver' | 'confirm' | 'dispute';

/** By the recorded status: an overdue commitment is still `committed` for the deciders. */
export function commitmentActions(item: Commitment, party: string, can: Can): CommitmentAction[] {
  if (item.party === null) return [];
  const committing = item.party === party;
  const actions: CommitmentAction[] = [];
  if (committing && item.status === 'proposed' && can('commitment.commit')) actions.push('commit');
  if (committing && ['committed', 'disputed'].includes(item.status) && can('commitment.deliver')) actions.push('deliver');
  if (!committing && item.status === 'delivered' && can('commitment.confirm')) actions.push('confirm', 'dispute');
  return actions;
}
