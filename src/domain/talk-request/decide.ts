/**
 * Requests to talk. The response period comes from the terms in force, injected into the
 * command by the node (deciders do no I/O) and copied into `talk_request.requested` with the
 * deadline it gives. Only another party may answer; only the requester may withdraw; only
 * the requester's node records that the deadline passed (`expire`, the kind's timeout).
 */
import type { DecideContext } from '../aggregate.js';
import { checkPeriod, deadlineAfter, isDue, requireNode } from '../deadlines.js';
import { conflict, invalid, notFound } from '../errors.js';
import { checkInstant } from '../meeting/index.js';
import { checkMultilingualText } from '../multilingual.js';
import { authorize } from '../policy.js';
import { reasonText } from '../reasons.js';
import type { DialogueTerms } from '../terms/index.js';
import type { Json } from '../../record/index.js';
import type { DomainEvent, MultilingualText } from '../types.js';
import { TALK_FORMATS, type Official, type TalkFormat, type TalkRequestState } from './state.js';

export const MAX_PROPOSED_TIMES = 5;
export const MAX_OFFICIALS = 20;

export interface OfficialInput {
  readonly name: string;
  readonly title: MultilingualText;
}

export type TalkRequestCommand =
  | {
    type: 'request'; format: TalkFormat; from: readonly OfficialInput[]; to: readonly OfficialInput[];
    proposedTimes: readonly string[]; subject: MultilingualText;
    /** The terms in force, injected by the node. */
    terms: DialogueTerms;
  }
  | { type: 'accept'; time: string; note?: MultilingualText }
  | { type: 'decline'; reason?: string }
  | { type: 'withdraw'; reason?: string }
  /** The timeout: the requester's node records that nobody answered in time. */
  | { type: 'expire' };

/** The officials on one side: 1 to MAX_OFFICIALS, each a name and a title; a clean copy. */
export function checkOfficials(value: readonly OfficialInput[], field: string): Official[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_OFFICIALS) {
    throw invalid('officials_invalid', field, `name 1 to ${MAX_OFFICIALS} officials, each with name and title`);
  }
  return value.map((official, i) => {
    const name = official?.name;
    if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
      throw invalid('name_invalid', `${field}[${i}].name`, 'give the official\'s name (1–200 characters)');
    }
    if (official.title === undefined || official.title === null || typeof official.title !== 'object') {
      throw invalid('text_empty', `${field}[${i}].title`, 'give the official\'s title');
    }
    return { name, title: { ...checkMultilingualText(official.title, `${field}[${i}].title`) } };
  });
}

/**
 * 1 to MAX_PROPOSED_TIMES distinct instants, each after `now` — when `now` is given: a body
 * from another node is checked without this node's clock (it was decided earlier).
 */
export function checkProposedTimes(value: readonly string[], now: Date | undefined, field = 'proposedTimes'): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_PROPOSED_TIMES) {
    throw invalid('proposed_times_invalid', field, `propose 1 to ${MAX_PROPOSED_TIMES} times`);
  }
  const times = value.map((time, i) => checkInstant(time, `${field}[${i}]`));
  times.forEach((time, i) => {
    if (now !== undefined && Date.parse(time) <= now.getTime()) throw invalid('time_in_past', `${field}[${i}]`, 'a proposed time must be in the future');
    if (times.findIndex((t) => Date.parse(t) === Date.parse(time)) !== i) throw invalid('time_repeated', `${field}[${i}]`, `${time} is proposed twice`);
  });
  return times;
}

function request(command: Extract<TalkRequestCommand, { type: 'request' }>, ctx: DecideContext): DomainEvent[] {
  authorize(ctx.actor, 'talk_request.request');
  if (!(TALK_FORMATS as readonly string[]).includes(command.format)) {
    throw invalid('format_invalid', 'format', `must be one of ${TALK_FORMATS.join(', ')}`);
  }
  const from = checkOfficials(command.from, 'from');
  const to = checkOfficials(command.to, 'to');
  const proposedTimes = checkProposedTimes(command.proposedTimes, ctx.now);
  const subject = { ...checkMultilingualText(command.subject ?? {}, 'subject') };
  const responseSeconds = checkPeriod(command.terms?.talkRequestResponseSeconds, 'terms.talkRequestResponseSeconds');
  return [{
    type: 'talk_request.requested',
    body: { format: command.format, from, to, proposedTimes, subject, responseSeconds, deadline: deadlineAfter(ctx.now, responseSeconds) },
  }];
}

/** Answers come from another party, while the request is pending or after it went unanswered. */
function requireAnswerable(state: TalkRequestState, ctx: DecideContext): void {
  if (ctx.actor.party === state.requestedBy) throw conflict('own_request', 'the requesting party cannot answer its own request');
  if (state.status !== 'pending' && state.status !== 'unanswered') {
    throw conflict(`talk_request_${state.status}`, `the request is ${state.status}; it can no longer be answered`);
  }
}

export function decideTalkRequest(command: TalkRequestCommand, state: TalkRequestState | undefined, ctx: DecideContext): DomainEvent[] {
  if (command.type === 'request') return request(command, ctx);
  if (!state) throw notFound('talk_request_not_found', 'no such request to talk', 'target');
  const target = state.id;
  switch (command.type) {
    case 'accept': {
      authorize(ctx.actor, 'talk_request.respond');
      requireAnswerable(state, ctx);
      const time = checkInstant(command.time, 'time');
      if (!state.proposedTimes.some((t) => Date.parse(t) === Date.parse(time))) {
        throw invalid('time_not_proposed', 'time', `choose one of the proposed times: ${state.proposedTimes.join(', ')}`);
      }
      const body: { [key: string]: Json } = { target, time };
      if (command.note !== undefined) body.note = { ...checkMultilingualText(command.note, 'note') };
      return [{ type: 'talk_request.accepted', body }];
    }
    case 'decline': {
      authorize(ctx.actor, 'talk_request.respond');
      requireAnswerable(state, ctx);
      const reason = reasonText(command.reason, 'reason', false);
      return [{ type: 'talk_request.declined', body: { target, ...(reason !== undefined ? { reason } : {}) } }];
    }
    case 'withdraw': {
      authorize(ctx.actor, 'talk_request.request');
      if (ctx.actor.party !== state.requestedBy) throw conflict('not_requester', `only ${state.requestedBy}, who asked, can withdraw the request`);
      if (state.status !== 'pending' && state.status !== 'unanswered') {
        throw conflict(`talk_request_${state.status}`, `the request is ${state.status}; there is nothing to withdraw`);
      }
      const reason = reasonText(command.reason, 'reason', false);
      return [{ type: 'talk_request.withdrawn', body: { target, ...(reason !== undefined ? { reason } : {}) } }];
    }
    case 'expire':
      requireNode(ctx.actor, state.requestedBy);
      if (state.status !== 'pending' || state.deadline === null) throw conflict('not_pending', `the request is ${state.status}; no deadline is running`);
      if (!isDue(state.deadline, ctx.now)) throw conflict('deadline_not_reached', `the response deadline is ${state.deadline}`);
      return [{ type: 'talk_request.unanswered', body: { target, deadline: state.deadline } }];
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
