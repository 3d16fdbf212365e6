/**
 * Queries about unusual activity. The answer period comes from the terms in force, injected
 * by the node and copied into `query.asked` with its deadline. Only another party answers;
 * the asker may withdraw. When the deadline passes unanswered the asker's node decides
 * `escalate` (the kind's timeout): `query.escalated`, then the meeting kind's own
 * `meeting.proposed` for the named working group (built by the meeting decider, naming the
 * query in `target`), so the meeting exists and is accepted as any other.
 */
import type { DecideContext } from '../aggregate.js';
import { checkPeriod, deadlineAfter, isDue, requireNode } from '../deadlines.js';
import { conflict, invalid, notFound } from '../errors.js';
import { checkArea } from '../geo.js';
import { checkInstant, meetingProposal } from '../meeting/index.js';
import { checkId } from '../ids.js';
import { checkMultilingualText } from '../multilingual.js';
import { authorize } from '../policy.js';
import { reasonText } from '../reasons.js';
import type { DialogueTerms } from '../terms/index.js';
import type { Json } from '../../record/index.js';
import type { DomainEvent, MultilingualText } from '../types.js';
import type { QueryState } from './state.js';

/** The meeting an escalation proposes: by video, two hours, one answer period after escalating. */
export const ESCALATION_MEETING_SECONDS = 2 * 3600;

export type QueryCommand =
  | {
    type: 'ask'; subject: MultilingualText; description: MultilingualText; workingGroup: string;
    area?: unknown; window?: { start: string; end: string };
    /** The terms in force, injected by the node. */
    terms: DialogueTerms;
  }
  | { type: 'answer'; text: MultilingualText }
  | { type: 'withdraw'; reason?: string }
  /**
   * The timeout. `workingGroupStatus` is injected by the node: a meeting is proposed only
   * while the working group is active (absent: not checked).
   */
  | { type: 'escalate'; workingGroupStatus?: string };

function text(value: MultilingualText | undefined, field: string): MultilingualText {
  return { ...checkMultilingualText(value ?? {}, field) };
}

/** When the activity happened: two instants, the end after the start; a clean copy. */
export function checkWindow(window: { start: string; end: string }, field = 'window'): { start: string; end: string } {
  const start = checkInstant(window?.start, `${field}.start`);
  const end = checkInstant(window.end, `${field}.end`);
  if (Date.parse(end) <= Date.parse(start)) throw invalid('end_not_after_start', `${field}.end`, 'the activity must end after it starts');
  return { start, end };
}

function ask(command: Extract<QueryCommand, { type: 'ask' }>, ctx: DecideContext): DomainEvent[] {
  authorize(ctx.actor, 'query.ask');
  // The same check as the meeting its escalation proposes, so a query that can be asked can escalate.
  checkId(command.workingGroup, 'workingGroup', 'working_group_missing');
  const body: { [key: string]: Json } = {
    subject: text(command.subject, 'subject'), description: text(command.description, 'description'), workingGroup: command.workingGroup,
  };
  if (command.area !== undefined) body.area = checkArea(command.area, 'area');
  if (command.window !== undefined) body.window = checkWindow(command.window);
  const answerSeconds = checkPeriod(command.terms?.queryAnswerSeconds, 'terms.queryAnswerSeconds');
  return [{ type: 'query.asked', body: { ...body, answerSeconds, deadline: deadlineAfter(ctx.now, answerSeconds) } }];
}

function escalate(command: Extract<QueryCommand, { type: 'escalate' }>, state: QueryState, ctx: DecideContext): DomainEvent[] {
  requireNode(ctx.actor, state.askedBy);
  if (state.status !== 'open' || state.deadline === null) throw conflict('not_open', `the query is ${state.status}; no deadline is running`);
  if (!isDue(state.deadline, ctx.now)) throw conflict('deadline_not_reached', `the answer deadline is ${state.deadline}`);
  const escalated: DomainEvent = { type: 'query.escalated', body: { target: state.id, deadline: state.deadline } };
  const isGroupActive = command.workingGroupStatus === undefined || command.workingGroupStatus === 'active';
  if (state.workingGroup === null || !isGroupActive) return [escalated];
  const start = new Date(Math.floor(ctx.now.getTime() / 1000) * 1000 + (state.answerSeconds ?? 0) * 1000);
  const end = new Date(start.getTime() + ESCALATION_MEETING_SECONDS * 1000);
  return [escalated, meetingProposal({
    type: 'propose', workingGroup: state.workingGroup, start: start.toISOString(), end: end.toISOString(), format: 'video', participants: [],
  }, state.id)];
}

export function decideQuery(command: QueryCommand, state: QueryState | undefined, ctx: DecideContext): DomainEvent[] {
  if (command.type === 'ask') return ask(command, ctx);
  if (!state) throw notFound('query_not_found', 'no such query', 'target');
  const target = state.id;
  switch (command.type) {
    case 'answer':
      authorize(ctx.actor, 'query.answer');
      if (ctx.actor.party === state.askedBy) throw conflict('own_query', 'the asking party cannot answer its own query');
      if (state.status !== 'open' && state.status !== 'escalated') {
        throw conflict(`query_${state.status}`, `the query is ${state.status}; it can no longer be answered`);
      }
      return [{ type: 'query.answered', body: { target, text: text(command.text, 'text') } }];
    case 'withdraw': {
      authorize(ctx.actor, 'query.ask');
      if (ctx.actor.party !== state.askedBy) throw conflict('not_asker', `only ${state.askedBy}, who asked, can withdraw the query`);
      if (state.status !== 'open' && state.status !== 'escalated') throw conflict(`query_${state.status}`, `the query is ${state.status}`);
      const reason = reasonText(command.reason, 'reason', false);
      return [{ type: 'query.withdrawn', body: { target, ...(reason !== undefined ? { reason } : {}) } }];
    }
    case 'escalate':
      return escalate(command, state, ctx);
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
