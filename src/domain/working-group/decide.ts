/**
 * Working-group commands. Opening a channel needs every side: a proposal becomes active
 * only when every party accepted that same proposal id. Any party may suspend unilaterally
 * with a reason; the group is active again when every suspending party resumed. Closing
 * and amending the mandate need agreement like opening.
 */
import { awaiting } from '../agreement.js';
import type { DecideContext } from '../aggregate.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { checkId } from '../ids.js';
import { checkMultilingualText } from '../multilingual.js';
import { authorize } from '../policy.js';
import type { DomainEvent, MultilingualText } from '../types.js';
import type { Mandate, WorkingGroupState } from './state.js';
import { reasonText } from '../reasons.js';

export type WorkingGroupCommand =
  | { type: 'propose'; mandate: MandateInput; coChair: string }
  | { type: 'accept'; proposal: string; coChair: string }
  | { type: 'reject'; proposal: string; reason?: string }
  | { type: 'withdraw'; reason?: string }
  | { type: 'suspend'; reason: string }
  | { type: 'resume' }
  | { type: 'propose_amendment'; mandate: MandateInput }
  | { type: 'accept_amendment'; proposal: string }
  | { type: 'propose_closure'; reason?: string }
  | { type: 'accept_closure'; proposal: string };

export interface MandateInput {
  readonly title: MultilingualText;
  readonly topic?: MultilingualText;
  readonly goals: readonly MultilingualText[];
  readonly protected?: boolean;
}

const MAX_GOALS = 50;

/** The mandate as recorded; `field` names it in errors (`body.mandate` when checking a body). */
export function checkMandate(input: MandateInput, field = 'mandate'): Mandate {
  checkMultilingualText(input.title, `${field}.title`);
  if (input.topic) checkMultilingualText(input.topic, `${field}.topic`);
  if (input.goals.length === 0) throw invalid('goals_missing', `${field}.goals`, 'state at least one concrete, checkable goal');
  if (input.goals.length > MAX_GOALS) throw invalid('too_many_goals', `${field}.goals`, `at most ${MAX_GOALS} goals`);
  input.goals.forEach((goal, i) => checkMultilingualText(goal, `${field}.goals[${i}]`));
  return {
    title: { ...input.title },
    ...(input.topic ? { topic: { ...input.topic } } : {}),
    goals: input.goals.map((g) => ({ ...g })),
    ...(input.protected ? { protected: true } : {}),
  };
}


function checkCoChair(coChair: string): string {
  return checkId(coChair, 'coChair', 'co_chair_missing');
}

export function decideWorkingGroup(command: WorkingGroupCommand, state: WorkingGroupState | undefined, ctx: DecideContext): DomainEvent[] {
  const party = ctx.actor.party;
  if (command.type === 'propose') {
    authorize(ctx.actor, 'working_group.propose');
    const mandate = checkMandate(command.mandate);
    return [{ type: 'working_group.proposed', body: { mandate, coChair: checkCoChair(command.coChair) } }];
  }
  if (!state) throw notFound('working_group_not_found', 'no such working group', 'target');
  const target = state.id;
  const need = (ok: boolean, code: string, message: string): void => {
    if (!ok) throw conflict(code, message);
  };
  switch (command.type) {
    case 'accept':
      authorize(ctx.actor, 'working_group.accept');
      need(state.status === 'proposed', 'not_proposed', `the working group is ${state.status}, not awaiting acceptance`);
      need(command.proposal === state.proposal, 'stale_proposal', `the proposal to accept is ${state.proposal}`);
      need(awaiting(state.acceptances, state.proposal, ctx.dialogue.parties).includes(party), 'already_accepted', 'your party has already accepted this proposal');
      return [{ type: 'working_group.accepted', body: { target, proposal: state.proposal, coChair: checkCoChair(command.coChair) } }];
    case 'reject': {
      authorize(ctx.actor, 'working_group.reject');
      need(state.status === 'proposed', 'not_proposed', `the working group is ${state.status}, not awaiting acceptance`);
      need(command.proposal === state.proposal, 'stale_proposal', `the proposal to reject is ${state.proposal}`);
      need(state.proposedBy !== party, 'own_proposal', 'withdraw your own proposal instead of rejecting it');
      const reason = reasonText(command.reason, 'reason', false);
      return [{ type: 'working_group.rejected', body: { target, proposal: state.proposal, ...(reason ? { reason } : {}) } }];
    }
    case 'withdraw': {
      authorize(ctx.actor, 'working_group.withdraw');
      // Whose proposal it is, before its state: another party learns nothing from trying.
      if (state.proposedBy !== party) throw forbidden('not_proposer', 'only the proposing party can withdraw the proposal');
      need(state.status === 'proposed', 'not_proposed', `only a pending proposal can be withdrawn; it is ${state.status}`);
      const reason = reasonText(command.reason, 'reason', false);
      return [{ type: 'working_group.withdrawn', body: { target, ...(reason ? { reason } : {}) } }];
    }
    case 'suspend':
      authorize(ctx.actor, 'working_group.suspend');
      need(state.status === 'active' || state.status === 'suspended', 'not_active', `the working group is ${state.status}`);
      need(!(party in state.suspendedBy), 'already_suspended', 'your party already suspended this working group');
      return [{ type: 'working_group.suspended', body: { target, reason: reasonText(command.reason, 'reason', true)! } }];
    case 'resume':
      authorize(ctx.actor, 'working_group.resume');
      need(state.status === 'suspended', 'not_suspended', `the working group is ${state.status}; only a suspended group resumes`);
      need(party in state.suspendedBy, 'not_suspended_by_party', 'your party has not suspended this working group');
      return [{ type: 'working_group.resumed', body: { target } }];
    case 'propose_amendment':
      authorize(ctx.actor, 'working_group.propose');
      need(state.status === 'active' || state.status === 'suspended', 'not_active', `the working group is ${state.status}`);
      return [{ type: 'working_group.amendment_proposed', body: { target, mandate: checkMandate(command.mandate) } }];
    case 'accept_amendment':
      authorize(ctx.actor, 'working_group.accept');
      need(state.status === 'active' || state.status === 'suspended', 'not_active', `the working group is ${state.status}`);
      need(state.amendment !== null, 'no_amendment', 'there is no pending amendment');
      need(command.proposal === state.amendment!.proposal, 'stale_proposal', `the amendment to accept is ${state.amendment!.proposal}`);
      need(state.amendment!.acceptances[party] !== state.amendment!.proposal, 'already_accepted', 'your party has already accepted this amendment');
      return [{ type: 'working_group.amendment_accepted', body: { target, proposal: state.amendment!.proposal } }];
    case 'propose_closure': {
      authorize(ctx.actor, 'working_group.close');
      need(state.status === 'active' || state.status === 'suspended', 'not_active', `the working group is ${state.status}`);
      const reason = reasonText(command.reason, 'reason', false);
      return [{ type: 'working_group.closure_proposed', body: { target, ...(reason ? { reason } : {}) } }];
    }
    case 'accept_closure':
      authorize(ctx.actor, 'working_group.close');
      need(state.status === 'active' || state.status === 'suspended', 'not_active', `the working group is ${state.status}`);
      need(state.closure !== null, 'no_closure', 'there is no pending proposal to close');
      need(command.proposal === state.closure!.proposal, 'stale_proposal', `the closure proposal is ${state.closure!.proposal}`);
      need(state.closure!.acceptances[party] !== state.closure!.proposal, 'already_accepted', 'your party has already accepted closing');
      return [{ type: 'working_group.closure_accepted', body: { target, proposal: state.closure!.proposal } }];
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
