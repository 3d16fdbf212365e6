/**
 * What a hosted party's node records by itself when an event reaches it — the same whether
 * the event was recorded here (a local command, in the same transaction) or arrived from
 * another node (federation ingest): the recipient's delivery receipt of a message, the
 * called party's delivery receipt of a hotline call — and the private start of its
 * escalation clock — the automatic answer to a link test, and a hosted party joining a
 * dialogue opened on another node that names it. Derived from the recorded
 * events alone, so a party hosted elsewhere does the same on its own node.
 */
import {
  hotlineCalls, hotlineLinks, messages, nodeActor, receiverOf,
  type HotlineCallState, type HotlineLinkState, type MessageState,
} from '../domain/index.js';
import type { PartyId } from '../record/index.js';
import type { Decision } from './appender.js';
import type { DialogueRecord, DialogueTransaction, KeyStore, Store, StoredEvent } from './ports.js';

export type FollowUp = NonNullable<Decision<unknown>['followUp']>;

interface FollowUpContext {
  readonly dialogue: DialogueRecord;
  readonly keys: KeyStore;
  readonly store: Store;
}

type Command = { readonly type: string; readonly [key: string]: unknown };

/** The follow-up of `kind`'s `command`, if it has one: the reactions to what it recorded. */
export function followUpOf(kind: string, command: unknown, ctx: FollowUpContext): FollowUp | undefined {
  const c = command as Command;
  switch (`${kind}.${c.type}`) {
    case 'hotline_call.place':
    case 'hotline_link.send':
    case 'message.post_message':
      return (stored, tx, now) => reactionsTo(stored, tx, now, ctx);
    default:
      return undefined;
  }
}

/** Decisions of hosted parties reacting to `stored` (in order), read against `tx`'s state. */
export async function reactionsTo(
  stored: readonly StoredEvent[], tx: DialogueTransaction, now: Date, ctx: FollowUpContext,
): Promise<Decision<unknown>[]> {
  const decisions: Decision<unknown>[] = [];
  for (const event of stored) {
    switch (event.event.type) {
      case 'message.posted':
        decisions.push(...await receiptMessage(event, tx, now, ctx));
        break;
      case 'hotline_call.placed':
        decisions.push(...await deliverCall(event, tx, now, ctx));
        break;
      case 'hotline_link.test_sent':
        decisions.push(...await answerLinkTest(event, tx, now, ctx));
        break;
      case 'dialogue.opened':
        decisions.push(...await joinDialogue(event, tx, ctx));
        break;
      default:
        break;
    }
  }
  return decisions;
}

const dialogueContext = (dialogue: DialogueRecord) => ({ id: dialogue.id, parties: dialogue.parties });
const isHosted = (ctx: FollowUpContext, party: PartyId): boolean => ctx.keys.partyKey(party) !== undefined;

/** Each recipient party hosted here receipts a posted message (member null: its node). */
async function receiptMessage(posted: StoredEvent, tx: DialogueTransaction, now: Date, ctx: FollowUpContext): Promise<Decision<unknown>[]> {
  const decisions: Decision<unknown>[] = [];
  for (const party of ctx.dialogue.parties) {
    if (party === posted.event.party || !isHosted(ctx, party)) continue;
    const message = await tx.aggregates.aggregate<MessageState>(ctx.dialogue.id, 'message', posted.id);
    if (!message || message.state.recipients[party]?.deliveredAt !== null) continue;
    const events = messages.decide({ type: 'record_delivery' }, message.state, { actor: nodeActor(party), dialogue: dialogueContext(ctx.dialogue), now });
    decisions.push({ party, member: null, events, result: () => undefined });
  }
  return decisions;
}

/**
 * The called party's node receipts the call at once and starts its PRIVATE escalation
 * clock: level 1 falls due when the agreed acknowledgement deadline passes.
 */
async function deliverCall(placed: StoredEvent, tx: DialogueTransaction, now: Date, ctx: FollowUpContext): Promise<Decision<unknown>[]> {
  const call = await tx.aggregates.aggregate<HotlineCallState>(ctx.dialogue.id, 'hotline_call', placed.id);
  if (!call || call.state.deliveredAt !== null) return [];
  const to = call.state.to as PartyId;
  if (!isHosted(ctx, to)) return [];
  const events = hotlineCalls.decide({ type: 'record_delivery' }, call.state, { actor: nodeActor(to), dialogue: dialogueContext(ctx.dialogue), now });
  await ctx.store.privates.putPendingEscalation({
    party: to, dialogue: ctx.dialogue.id, call: placed.id, level: 1,
    due: new Date(now.getTime() + call.state.ackDeadlineSeconds * 1000).toISOString(),
  });
  return [{ party: to, member: null, events, result: () => undefined }];
}

/** The receiving node answers a link test at once. */
async function answerLinkTest(sent: StoredEvent, tx: DialogueTransaction, now: Date, ctx: FollowUpContext): Promise<Decision<unknown>[]> {
  const body = sent.event.body as { target?: unknown; slot?: unknown } | undefined;
  if (typeof body?.target !== 'string' || typeof body.slot !== 'number') return [];
  const link = await tx.aggregates.aggregate<HotlineLinkState>(ctx.dialogue.id, 'hotline_link', body.target);
  if (!link || link.state.outstanding?.slot !== body.slot) return [];
  const receiver = receiverOf(link.state, body.slot) as PartyId;
  if (!isHosted(ctx, receiver)) return [];
  const events = hotlineLinks.decide({ type: 'answer', slot: body.slot }, link.state, { actor: nodeActor(receiver), dialogue: dialogueContext(ctx.dialogue), now });
  return [{ party: receiver, member: null, events, result: () => undefined }];
}

/**
 * A dialogue opened on another node names a party hosted here: that party joins, binding
 * its key into the record with its own signature (as `ParleyNode.openDialogue` does for
 * parties hosted on the opening node). A party that already has events here has joined.
 */
async function joinDialogue(opened: StoredEvent, tx: DialogueTransaction, ctx: FollowUpContext): Promise<Decision<unknown>[]> {
  const body = opened.event.body as { parties?: unknown } | undefined;
  if (!Array.isArray(body?.parties)) return [];
  const heads = await tx.heads();
  const decisions: Decision<unknown>[] = [];
  for (const entry of body.parties as { id?: unknown }[]) {
    const party = entry?.id as PartyId;
    if (typeof party !== 'string' || party === opened.event.party || !ctx.dialogue.parties.includes(party)) continue;
    const key = ctx.keys.partyKey(party);
    if (!key || heads.has(party)) continue;
    decisions.push({
      party, member: null, result: () => undefined,
      events: [{ type: 'dialogue.joined', body: { publicKey: key.publicKey.toString('base64') } }],
    });
  }
  return decisions;
}
