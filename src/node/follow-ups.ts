/**
 * What another hosted party's node records in the same transaction as a command, for every
 * caller alike (HTTP, CLI, scenario steps, the scheduler): the receiving node's delivery
 * receipt of a hotline call — and the private start of its escalation clock — and the
 * automatic answer to a link test. A party hosted on another node does the same there when
 * the event reaches it (federation), so nothing is recorded here for it.
 */
import {
  hotlineCalls, hotlineLinks, nodeActor, receiverOf,
  type HotlineCallState, type HotlineLinkState,
} from '../domain/index.js';
import type { PartyId } from '../record/index.js';
import type { Decision } from './appender.js';
import type { DialogueRecord, KeyStore, Store } from './ports.js';

export type FollowUp = NonNullable<Decision<unknown>['followUp']>;

interface FollowUpContext {
  readonly dialogue: DialogueRecord;
  readonly keys: KeyStore;
  readonly store: Store;
}

type Command = { readonly type: string; readonly [key: string]: unknown };

/** The follow-up of `kind`'s `command`, if it has one. */
export function followUpOf(kind: string, command: unknown, ctx: FollowUpContext): FollowUp | undefined {
  const c = command as Command;
  switch (`${kind}.${c.type}`) {
    case 'hotline_call.place':
      return deliverCall(ctx);
    case 'hotline_link.send':
      return answerLinkTest(ctx, Number(c.slot));
    default:
      return undefined;
  }
}

const dialogueContext = (dialogue: DialogueRecord) => ({ id: dialogue.id, parties: dialogue.parties });

/**
 * The called party's node receipts the call at once and starts its PRIVATE escalation
 * clock: level 1 falls due when the agreed acknowledgement deadline passes.
 */
function deliverCall(ctx: FollowUpContext): FollowUp {
  return async (stored, tx, now) => {
    const placed = stored[0];
    if (!placed) return [];
    const call = await tx.aggregates.aggregate<HotlineCallState>(ctx.dialogue.id, 'hotline_call', placed.id);
    if (!call) return [];
    const to = call.state.to as PartyId;
    if (!ctx.keys.partyKey(to)) return [];
    const events = hotlineCalls.decide({ type: 'record_delivery' }, call.state, { actor: nodeActor(to), dialogue: dialogueContext(ctx.dialogue), now });
    await ctx.store.privates.putPendingEscalation({
      party: to, dialogue: ctx.dialogue.id, call: placed.id, level: 1,
      due: new Date(now.getTime() + call.state.ackDeadlineSeconds * 1000).toISOString(),
    });
    return [{ party: to, member: null, events, result: () => undefined }];
  };
}

/** The receiving node answers a link test at once. */
function answerLinkTest(ctx: FollowUpContext, slot: number): FollowUp {
  return async (stored, tx, now) => {
    const sent = stored.find((s) => s.event.type === 'hotline_link.test_sent');
    const target = (sent?.event.body as { target?: string } | undefined)?.target;
    if (!target) return [];
    const link = await tx.aggregates.aggregate<HotlineLinkState>(ctx.dialogue.id, 'hotline_link', target);
    if (!link) return [];
    const receiver = receiverOf(link.state, slot) as PartyId;
    if (!ctx.keys.partyKey(receiver)) return [];
    const events = hotlineLinks.decide({ type: 'answer', slot }, link.state, { actor: nodeActor(receiver), dialogue: dialogueContext(ctx.dialogue), now });
    return [{ party: receiver, member: null, events, result: () => undefined }];
  };
}
