/**
 * Terms commands: a principal proposes a full terms document; every party's principal
 * accepts the same proposal id → agreed. The other side may reject, the proposer withdraw;
 * both stay on the record. Amending agreed terms is a new proposal.
 */
import { awaiting } from '../agreement.js';
import type { DecideContext } from '../aggregate.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { authorize } from '../policy.js';
import { reasonText } from '../reasons.js';
import type { DomainEvent } from '../types.js';
import { checkTerms } from './check.js';
import type { TermsState } from './state.js';

export type TermsCommand =
  | { type: 'propose'; terms: unknown }
  | { type: 'accept'; proposal: string }
  | { type: 'reject'; proposal: string; reason?: string }
  | { type: 'withdraw'; reason?: string };

export function decideTerms(command: TermsCommand, state: TermsState | undefined, ctx: DecideContext): DomainEvent[] {
  const party = ctx.actor.party;
  if (command.type === 'propose') {
    authorize(ctx.actor, 'terms.propose');
    return [{ type: 'terms.proposed', body: { terms: checkTerms(command.terms) as never } }];
  }
  if (!state) throw notFound('terms_not_found', 'no such terms proposal', 'target');
  const target = state.id;
  const need = (ok: boolean, code: string, message: string): void => {
    if (!ok) throw conflict(code, message);
  };
  const pending = (): void => need(state.status === 'proposed', 'not_proposed', `the terms are ${state.status}, not awaiting acceptance`);
  switch (command.type) {
    case 'accept':
      authorize(ctx.actor, 'terms.agree');
      pending();
      need(command.proposal === state.id, 'stale_proposal', `the proposal to accept is ${state.id}`);
      need(awaiting(state.acceptances, state.id, ctx.dialogue.parties).includes(party), 'already_accepted', 'your party has already accepted these terms');
      return [{ type: 'terms.accepted', body: { target, proposal: state.id } }];
    case 'reject': {
      authorize(ctx.actor, 'terms.agree');
      pending();
      need(command.proposal === state.id, 'stale_proposal', `the proposal to reject is ${state.id}`);
      need(state.proposedBy !== party, 'own_proposal', 'withdraw your own proposal instead of rejecting it');
      const reason = reasonText(command.reason, 'reason', false);
      return [{ type: 'terms.rejected', body: { target, proposal: state.id, ...(reason ? { reason } : {}) } }];
    }
    case 'withdraw': {
      authorize(ctx.actor, 'terms.propose');
      if (state.proposedBy !== party) throw forbidden('not_proposer', 'only the proposing party can withdraw the proposal');
      pending();
      const reason = reasonText(command.reason, 'reason', false);
      return [{ type: 'terms.withdrawn', body: { target, ...(reason ? { reason } : {}) } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
