/**
 * Commitment commands. Either party may propose that a party will do something by a date;
 * only a principal of that party can commit it. The committing party reports progress and
 * claims delivery with evidence; another party confirms or disputes that delivery (a
 * disputed one can be delivered again). Out-of-order steps are conflicts, named so the
 * person sees which step is missing.
 */
import type { DecideContext } from '../aggregate.js';
import { conflict, invalid, notFound } from '../errors.js';
import { checkMultilingualText } from '../multilingual.js';
import { authorize } from '../policy.js';
import type { DomainEvent, MultilingualText } from '../types.js';
import { canonicalize, type Json } from '../../record/index.js';
import {
  checkDate, checkEvidence, checkId, checkMilestones, checkProgress, checkReference, dateInstant, reasonText,
  type EvidenceInput, type MilestoneInput,
} from './fields.js';
import type { CommitmentState } from './state.js';

export type CommitmentCommand =
  | {
    type: 'propose'; workingGroup: string; meeting?: string;
    /** The committing party (may be the other party: "we propose that you will …"). */
    party: string; title: MultilingualText; description?: MultilingualText; due: string;
    milestones?: readonly MilestoneInput[]; reviewDate?: string; reference?: string;
  }
  | { type: 'commit' }
  /** Only the fields given change; `null` clears a review date or reference. */
  | { type: 'update'; progress?: number; milestones?: readonly MilestoneInput[]; reviewDate?: string | null; reference?: string | null }
  | { type: 'deliver'; evidence: EvidenceInput }
  /** `delivery` (the delivered event's id), when given, guards against confirming a stale claim. */
  | { type: 'confirm'; delivery?: string }
  | { type: 'dispute'; reason: string; delivery?: string }
  | { type: 'withdraw'; reason?: string };

function propose(command: Extract<CommitmentCommand, { type: 'propose' }>, ctx: DecideContext): DomainEvent[] {
  authorize(ctx.actor, 'commitment.propose');
  const workingGroup = checkId(command.workingGroup, 'workingGroup', 'working_group_missing');
  const meeting = command.meeting === undefined ? undefined : checkId(command.meeting, 'meeting', 'meeting_invalid');
  if (!ctx.dialogue.parties.includes(command.party as never)) {
    throw invalid('party_unknown', 'party', `must be a party to this dialogue: ${ctx.dialogue.parties.join(', ')}`);
  }
  const title = { ...checkMultilingualText(command.title, 'title') };
  const description = command.description === undefined ? undefined : { ...checkMultilingualText(command.description, 'description') };
  const due = checkDate(command.due, 'due');
  if (Date.parse(dateInstant(due)) < ctx.now.getTime()) throw invalid('due_in_past', 'due', 'the due date has already passed');
  const body: { [key: string]: Json } = { workingGroup, party: command.party, title, due };
  if (meeting !== undefined) body.meeting = meeting;
  if (description !== undefined) body.description = description;
  if (command.milestones !== undefined && command.milestones.length > 0) body.milestones = checkMilestones(command.milestones, 'milestones');
  if (command.reviewDate !== undefined) body.reviewDate = checkDate(command.reviewDate, 'reviewDate');
  if (command.reference !== undefined) body.reference = checkReference(command.reference, 'reference');
  return [{ type: 'commitment.proposed', body }];
}

/** The changed fields only; nothing changed records nothing (a re-uploaded sheet is a no-op). */
function updates(command: Extract<CommitmentCommand, { type: 'update' }>, state: CommitmentState): { [key: string]: Json } {
  const { progress, milestones, reviewDate, reference } = command;
  if (progress === undefined && milestones === undefined && reviewDate === undefined && reference === undefined) {
    throw invalid('update_empty', 'update', 'name at least one of progress, milestones, reviewDate, reference');
  }
  const changed: { [key: string]: Json } = {};
  if (progress !== undefined && checkProgress(progress, 'progress') !== state.progress) changed.progress = progress;
  if (milestones !== undefined) {
    const checked = checkMilestones(milestones, 'milestones');
    if (canonicalize(checked) !== canonicalize(state.milestones)) changed.milestones = checked;
  }
  if (reviewDate !== undefined) {
    const value = reviewDate === null ? null : checkDate(reviewDate, 'reviewDate');
    if (value !== state.reviewDate) changed.reviewDate = value;
  }
  if (reference !== undefined) {
    const value = reference === null ? null : checkReference(reference, 'reference');
    if (value !== state.reference) changed.reference = value;
  }
  return changed;
}

export function decideCommitment(command: CommitmentCommand, state: CommitmentState | undefined, ctx: DecideContext): DomainEvent[] {
  if (command.type === 'propose') return propose(command, ctx);
  if (!state) throw notFound('commitment_not_found', 'no such commitment', 'target');
  const target = state.id;
  const actorParty: string = ctx.actor.party;
  const need = (ok: boolean, code: string, message: string): void => {
    if (!ok) throw conflict(code, message);
  };
  if (state.party === null) throw conflict('content_withheld', 'the proposal\'s content was withheld, so its committing party is unknown');
  const committing = state.party;
  const isCommittingParty = actorParty === committing;
  const closed = () => need(state.status !== 'confirmed' && state.status !== 'withdrawn', 'commitment_closed', `the commitment is ${state.status}`);
  switch (command.type) {
    case 'commit':
      authorize(ctx.actor, 'commitment.commit');
      need(isCommittingParty, 'not_committing_party', `only a principal of ${committing} can commit ${committing}`);
      need(state.status === 'proposed', 'not_proposed', `the commitment is ${state.status}, not awaiting commitment`);
      return [{ type: 'commitment.committed', body: { target } }];
    case 'update': {
      authorize(ctx.actor, 'commitment.update');
      need(isCommittingParty, 'not_committing_party', `only ${committing}, the committing party, reports on this commitment`);
      closed();
      const changed = updates(command, state);
      return Object.keys(changed).length === 0 ? [] : [{ type: 'commitment.updated', body: { target, ...changed } }];
    }
    case 'deliver':
      authorize(ctx.actor, 'commitment.deliver');
      need(isCommittingParty, 'not_committing_party', `only ${committing}, the committing party, can claim delivery`);
      closed();
      need(state.status !== 'proposed', 'not_committed', `a principal of ${committing} must commit it before it can be delivered`);
      need(state.status !== 'delivered', 'already_delivered', 'delivery is already claimed and awaits confirmation');
      return [{ type: 'commitment.delivered', body: { target, evidence: checkEvidence(command.evidence, 'evidence') } }];
    case 'confirm':
    case 'dispute': {
      authorize(ctx.actor, 'commitment.confirm');
      need(!isCommittingParty, 'own_delivery', `${committing} cannot ${command.type} its own delivery: that is for the counterpart`);
      need(state.status === 'delivered', 'not_delivered', `the commitment is ${state.status}; only a claimed delivery can be ${command.type}ed`);
      need(command.delivery === undefined || command.delivery === state.delivery, 'stale_delivery', `the delivery to ${command.type} is ${state.delivery}`);
      if (command.type === 'confirm') return [{ type: 'commitment.confirmed', body: { target, delivery: state.delivery! } }];
      return [{ type: 'commitment.disputed', body: { target, delivery: state.delivery!, reason: reasonText(command.reason, 'reason', true)! } }];
    }
    case 'withdraw': {
      authorize(ctx.actor, 'commitment.withdraw');
      closed();
      need(state.status !== 'delivered', 'already_delivered', 'delivery is claimed; the counterpart confirms or disputes it');
      const isProposer = actorParty === state.proposedBy;
      if (state.status === 'proposed') {
        need(isProposer || isCommittingParty, 'not_proposer', `only the proposer (${state.proposedBy}) or ${committing} can withdraw the proposal`);
      } else {
        need(isCommittingParty, 'not_committing_party', `only ${committing}, the committing party, can withdraw a commitment it made`);
      }
      // Declining or breaking a promise is explained; taking back one's own proposal need not be.
      const reason = reasonText(command.reason, 'reason', !(state.status === 'proposed' && isProposer));
      return [{ type: 'commitment.withdrawn', body: { target, ...(reason ? { reason } : {}) } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
