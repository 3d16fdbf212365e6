/**
 * Notice commands. The lead time of the notice's type comes from the terms in force,
 * injected by the node and copied into every version with the threshold and the deadline it
 * gives. Only the giver amends or cancels; only the other parties acknowledge, and an
 * acknowledgement names the version it acknowledges.
 */
import type { DecideContext } from '../aggregate.js';
import { conflict, invalid, notFound } from '../errors.js';
import { authorize } from '../policy.js';
import { reasonText } from '../reasons.js';
import type { DialogueTerms } from '../terms/index.js';
import { canonicalize, type Json } from '../../record/index.js';
import type { DomainEvent } from '../types.js';
import { checkNoticeContent, leadRule, type NoticeInput } from './fields.js';
import type { NoticeState } from './state.js';

export type NoticeCommand =
  /** `terms`: the terms in force, injected by the node. */
  | ({ type: 'give'; terms: DialogueTerms } & NoticeInput)
  | ({ type: 'amend'; terms: DialogueTerms } & NoticeInput)
  | { type: 'acknowledge'; version: string }
  | { type: 'cancel'; reason?: string };

/** The content and the rule in force, as the body of a version. */
function version(command: NoticeInput & { terms: DialogueTerms }, ctx: DecideContext): { [key: string]: Json } {
  const content = checkNoticeContent(command);
  if (Date.parse(content.window.end) <= ctx.now.getTime()) throw invalid('activity_over', 'window.end', 'the activity is already over');
  const lead = leadRule(content, command.terms?.notices?.[content.noticeType]);
  return { ...(content as unknown as { [key: string]: Json }), lead };
}

function requireGiver(state: NoticeState, ctx: DecideContext, action: string): void {
  if (ctx.actor.party !== state.givenBy) throw conflict('not_giver', `only ${state.givenBy}, who gave the notice, can ${action} it`);
  if (state.status === 'cancelled') throw conflict('notice_cancelled', 'the notice was cancelled');
}

export function decideNotice(command: NoticeCommand, state: NoticeState | undefined, ctx: DecideContext): DomainEvent[] {
  if (command.type === 'give') {
    authorize(ctx.actor, 'notice.give');
    return [{ type: 'notice.given', body: version(command, ctx) }];
  }
  if (!state) throw notFound('notice_not_found', 'no such notice', 'target');
  const target = state.id;
  switch (command.type) {
    case 'amend': {
      authorize(ctx.actor, 'notice.give');
      requireGiver(state, ctx, 'amend');
      if (state.content !== null && command.noticeType !== state.content.noticeType) {
        throw invalid('notice_type_fixed', 'noticeType', `an amendment keeps the type (${state.content.noticeType}); cancel and give a new notice instead`);
      }
      const body = version(command, ctx);
      const { lead: _lead, ...content } = body;
      if (state.content !== null && canonicalize(content) === canonicalize(state.content as unknown as Json)) {
        throw conflict('notice_unchanged', 'this is the current version; nothing to amend');
      }
      return [{ type: 'notice.amended', body: { target, supersedes: state.version, ...body } }];
    }
    case 'acknowledge':
      authorize(ctx.actor, 'notice.acknowledge');
      if (ctx.actor.party === state.givenBy) throw conflict('own_notice', 'the notifying party does not acknowledge its own notice');
      if (state.status === 'cancelled') throw conflict('notice_cancelled', 'the notice was cancelled');
      if (command.version !== state.version) throw conflict('stale_version', `the version to acknowledge is ${state.version}`);
      if (state.acknowledgements[ctx.actor.party] === state.version) throw conflict('already_acknowledged', 'your party already acknowledged this version');
      return [{ type: 'notice.acknowledged', body: { target, version: state.version } }];
    case 'cancel': {
      authorize(ctx.actor, 'notice.give');
      requireGiver(state, ctx, 'cancel');
      const reason = reasonText(command.reason, 'reason', false);
      return [{ type: 'notice.cancelled', body: { target, ...(reason !== undefined ? { reason } : {}) } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
