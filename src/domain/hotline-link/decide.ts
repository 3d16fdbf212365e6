/**
 * Link-test commands. A principal or duty officer opens the link (tests start at once, then
 * every interval of the terms in force) or closes it. Everything else is the nodes' own
 * work, decided by the scheduler: the sender's node sends slot n when it falls due (or, if
 * the answer time of slot n has already passed — the node was down — records it missed);
 * the receiver's node answers at once; a test unanswered within the answer time is recorded
 * missed by the sender's node. Each slot ends exactly once: the commands name the slot and
 * must match the state.
 */
import type { DecideContext } from '../aggregate.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { authorize } from '../policy.js';
import { reasonText } from '../reasons.js';
import { DEFAULT_TERMS } from '../terms/index.js';
import type { Actor, DomainEvent } from '../types.js';
import { receiverOf, senderOf, slotTime, type HotlineLinkState } from './state.js';

export type HotlineLinkCommand =
  | {
    type: 'open'; intervalSeconds?: number; answerSeconds?: number;
    /** The link already being tested, if any (a fact the node injects; only one at a time). */
    openLink?: string | null;
  }
  | { type: 'close'; reason?: string }
  | { type: 'send'; slot: number }
  | { type: 'answer'; slot: number }
  | { type: 'expire'; slot: number };

function requireNode(actor: Actor): void {
  if (actor.member !== null) throw forbidden('node_only', 'link tests are sent and answered by the nodes');
}

export function decideHotlineLink(command: HotlineLinkCommand, state: HotlineLinkState | undefined, ctx: DecideContext): DomainEvent[] {
  const { actor } = ctx;
  if (command.type === 'open') {
    authorize(actor, 'hotline.link');
    if (command.openLink) throw conflict('link_already_open', `the hotline link ${command.openLink} is already being tested; close it first`);
    const intervalSeconds = command.intervalSeconds ?? DEFAULT_TERMS.linkTestIntervalSeconds;
    const answerSeconds = command.answerSeconds ?? DEFAULT_TERMS.linkTestAnswerSeconds;
    const parties = [actor.party, ...ctx.dialogue.parties.filter((p) => p !== actor.party)];
    return [{ type: 'hotline_link.opened', body: { intervalSeconds, answerSeconds, parties } }];
  }
  if (!state) throw notFound('hotline_link_not_found', 'no such hotline link', 'target');
  const target = state.id;
  const need = (ok: boolean, code: string, message: string): void => {
    if (!ok) throw conflict(code, message);
  };
  if (command.type === 'close') authorize(actor, 'hotline.link');
  else requireNode(actor);
  need(state.status === 'active', 'link_closed', 'the link is closed');
  const now = ctx.now.getTime();
  switch (command.type) {
    case 'close': {
      const reason = reasonText(command.reason, 'reason', false);
      return [{ type: 'hotline_link.closed', body: { target, ...(reason ? { reason } : {}) } }];
    }
    case 'send': {
      const { slot } = command;
      need(state.outstanding === null && slot === state.nextSlot, 'slot_not_next', `the next slot is ${state.nextSlot}`);
      need(actor.party === senderOf(state, slot), 'not_sender', `slot ${slot} is sent by ${senderOf(state, slot)}`);
      need(now >= slotTime(state, slot), 'slot_not_due', `slot ${slot} is not due yet`);
      // Too late to be answered in time: the node was down when it fell due.
      if (now >= slotTime(state, slot) + state.answerSeconds * 1000) {
        return [{ type: 'hotline_link.test_missed', body: { target, slot, reason: 'not_sent' } }];
      }
      return [{ type: 'hotline_link.test_sent', body: { target, slot } }];
    }
    case 'answer':
      need(state.outstanding?.slot === command.slot, 'slot_not_outstanding', `slot ${command.slot} is not awaiting an answer`);
      need(actor.party === receiverOf(state, command.slot), 'not_receiver', `slot ${command.slot} is answered by ${receiverOf(state, command.slot)}`);
      return [{ type: 'hotline_link.test_answered', body: { target, slot: command.slot } }];
    case 'expire':
      need(state.outstanding?.slot === command.slot, 'slot_not_outstanding', `slot ${command.slot} is not awaiting an answer`);
      need(actor.party === senderOf(state, command.slot), 'not_sender', `slot ${command.slot} is sent by ${senderOf(state, command.slot)}`);
      need(now >= slotTime(state, command.slot) + state.answerSeconds * 1000, 'answer_time_open', 'the answer time has not passed');
      return [{ type: 'hotline_link.test_missed', body: { target, slot: command.slot, reason: 'unanswered' } }];
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
