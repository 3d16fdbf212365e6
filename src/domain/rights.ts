/**
 * A party's right to an event it authored on its own node (docs/decisions/0013-federation.md):
 * what another node checks before applying an incoming event. Members are private to their
 * party's node, so roles cannot be checked across nodes; what is checked is the PARTY's
 * right, per event type — the same party rules the deciders apply to local commands (only the
 * called party acknowledges a call, only a recipient receipts a message, only the proposer
 * withdraws, only the other side acknowledges a notice…).
 *
 * Every rule reads facts fixed when the aggregate was created (its creator, the addressee,
 * the recipients, the link's slot order), never state that concurrent events change, so the
 * verdict is the same on every node whatever order events arrive in. Whether the step is
 * still possible (already accepted, already closed) is for `evolve` to settle in order-key
 * order, identically everywhere.
 */
import { forbidden, invalid } from './errors.js';
import type { RecordedEvent, DialogueContext } from './recorded.js';
import { AGGREGATE_KINDS, REDACTABLE_EVENT_TYPES } from './registry.js';
import { receiverOf, senderOf, type HotlineLinkState } from './hotline-link/state.js';

/** Event types that are not about an aggregate: the dialogue's own opening and joining. */
export const DIALOGUE_EVENT_TYPES = ['dialogue.opened', 'dialogue.joined'] as const;

/** Every event type this node knows how to apply. */
export const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set([
  ...DIALOGUE_EVENT_TYPES,
  ...AGGREGATE_KINDS.flatMap((kind) => [...kind.creates, ...kind.changes]),
]);

/**
 * Types a node records on its own (`member: null`): receipts, timeouts, joins, the
 * escalation of an unanswered query (which proposes the meeting too) and a fork it detected
 * (any party of the dialogue may report one: no rule below). Any other event must name the
 * member who acted.
 */
export const NODE_RECORDED_TYPES: ReadonlySet<string> = new Set([
  'dialogue.opened', 'dialogue.joined', 'message.delivered', 'hotline_call.delivered', 'hotline_call.escalated',
  'hotline_link.test_sent', 'hotline_link.test_answered', 'hotline_link.test_missed',
  'talk_request.unanswered', 'query.escalated', 'meeting.proposed', 'record.fork_reported',
]);

/** What a right is checked against. */
export interface RightContext {
  readonly event: RecordedEvent;
  readonly dialogue: DialogueContext;
  /** The aggregate a changing event acts on: its kind, current state and creating party. */
  readonly target?: { readonly kind: string; readonly state: unknown; readonly creator: string } | undefined;
  /** For `record.redacted`: the event it names, if this dialogue holds it — its author and type. */
  readonly redacted?: { readonly party: string; readonly type: string } | undefined;
}

type Rule = (ctx: RightContext, party: string) => boolean;

const creator: Rule = (ctx, party) => ctx.target?.creator === party;
const notCreator: Rule = (ctx, party) => ctx.target !== undefined && ctx.target.creator !== party;
const field = (name: string) => (ctx: RightContext): unknown => (ctx.target?.state as Record<string, unknown> | undefined)?.[name];
const calledParty: Rule = (ctx, party) => field('to')(ctx) === party;
const committing: Rule = (ctx, party) => field('party')(ctx) === party;
const slotOf = (ctx: RightContext): number | undefined => {
  const slot = (ctx.event.body as { slot?: unknown } | undefined)?.slot;
  return typeof slot === 'number' && Number.isSafeInteger(slot) && slot >= 0 ? slot : undefined;
};
const linkSender: Rule = (ctx, party) => {
  const slot = slotOf(ctx);
  return slot !== undefined && senderOf(ctx.target!.state as HotlineLinkState, slot) === party;
};
const linkReceiver: Rule = (ctx, party) => {
  const slot = slotOf(ctx);
  return slot !== undefined && receiverOf(ctx.target!.state as HotlineLinkState, slot) === party;
};

/** Changing event type → who may author it, with the reason shown when refused. */
const RULES: Readonly<Record<string, readonly [Rule, string]>> = {
  'working_group.withdrawn': [creator, 'only the proposing party withdraws a working group proposal'],
  'commitment.committed': [committing, 'only the committing party commits'],
  'commitment.updated': [committing, 'only the committing party reports on a commitment'],
  'commitment.delivered': [committing, 'only the committing party claims delivery'],
  'commitment.confirmed': [(c, p) => c.target !== undefined && !committing(c, p), 'the committing party cannot confirm its own delivery'],
  'commitment.disputed': [(c, p) => c.target !== undefined && !committing(c, p), 'the committing party cannot dispute its own delivery'],
  'commitment.withdrawn': [(c, p) => creator(c, p) || committing(c, p), 'only the proposer or the committing party withdraws a commitment'],
  'message.delivered': [(c, p) => isRecipient(c, p), 'only a recipient party receipts a message'],
  'message.acknowledged': [(c, p) => isRecipient(c, p), 'only a recipient party acknowledges a message'],
  'readout.revised': [creator, 'a readout is revised only by its own party'],
  'joint_statement.withdrawn': [creator, 'only the proposing party withdraws a joint statement'],
  'context.corrected': [creator, 'only the party that recorded a context event corrects it'],
  'talk_request.accepted': [notCreator, 'the requesting party cannot answer its own request'],
  'talk_request.declined': [notCreator, 'the requesting party cannot answer its own request'],
  'talk_request.withdrawn': [creator, 'only the requesting party withdraws a request'],
  'talk_request.unanswered': [creator, 'only the requesting party\'s node records that a request went unanswered'],
  'query.answered': [notCreator, 'the asking party cannot answer its own query'],
  'query.withdrawn': [creator, 'only the asking party withdraws a query'],
  'query.escalated': [creator, 'only the asking party\'s node escalates a query'],
  'notice.amended': [creator, 'only the notifying party amends a notice'],
  'notice.cancelled': [creator, 'only the notifying party cancels a notice'],
  'notice.acknowledged': [notCreator, 'the notifying party does not acknowledge its own notice'],
  'assurance.acknowledged': [notCreator, 'the assuring party does not acknowledge its own assurance'],
  'assurance.withdrawn': [creator, 'only the assuring party withdraws an assurance'],
  'terms.rejected': [notCreator, 'the proposing party withdraws its own terms instead of rejecting them'],
  'terms.withdrawn': [creator, 'only the proposing party withdraws terms'],
  'hotline_call.delivered': [calledParty, 'only the called party\'s node receipts a call'],
  'hotline_call.acknowledged': [calledParty, 'only the called party acknowledges a call'],
  'hotline_call.answered': [calledParty, 'only the called party answers a call'],
  'hotline_call.escalated': [calledParty, 'only the called party escalates a call'],
  'hotline_call.closed': [(c, p) => creator(c, p) || calledParty(c, p), 'only the calling or the called party closes a call'],
  'hotline_link.test_sent': [linkSender, 'the slot\'s test is sent by its sending party'],
  'hotline_link.test_missed': [linkSender, 'a missed test is recorded by the slot\'s sending party'],
  'hotline_link.test_answered': [linkReceiver, 'the slot\'s test is answered by its receiving party'],
};

function isRecipient(ctx: RightContext, party: string): boolean {
  const recipients = field('recipients')(ctx);
  return typeof recipients === 'object' && recipients !== null && Object.hasOwn(recipients, party);
}

/**
 * Throws a DomainError unless the event's party may author it: the type is known, a member
 * is named unless the node records this type itself, a changing event acts on an existing
 * aggregate of its kind, the type's party rule holds, and a redaction redacts its own event.
 */
export function checkPartyRight(ctx: RightContext): void {
  const { event } = ctx;
  if (!KNOWN_EVENT_TYPES.has(event.type)) throw invalid('type_unknown', 'type', `event type ${event.type} is not known to this node`);
  if (!ctx.dialogue.parties.includes(event.party)) {
    throw forbidden('party_not_in_dialogue', `party ${event.party} is not a party to dialogue ${ctx.dialogue.id}`);
  }
  if (event.member === null && !NODE_RECORDED_TYPES.has(event.type)) {
    throw forbidden('member_missing', `${event.type} is recorded by a member, not by a node; member must not be null`);
  }
  const changes = AGGREGATE_KINDS.filter((kind) => kind.changes.includes(event.type));
  const creates = AGGREGATE_KINDS.some((kind) => kind.creates.includes(event.type));
  if (changes.length > 0 && !creates && ctx.target === undefined) {
    throw invalid('target_unknown', 'body.target', `${event.type} acts on an aggregate this dialogue does not hold`);
  }
  if (event.type === 'record.redacted') checkRedaction(event, ctx.redacted);
  const rule = RULES[event.type];
  if (rule && !rule[0](ctx, event.party)) throw forbidden('party_not_allowed', `${event.type}: ${rule[1]}`);
}

/**
 * What a node checks of another node's redaction before it deletes a body for it — what the
 * local decider (redaction/decide.ts) would have checked: the event is held here, was
 * written by the redacting party, is of a redactable type, and is the type the redaction says.
 */
function checkRedaction(event: RecordedEvent, redacted: RightContext['redacted']): void {
  if (redacted === undefined) throw invalid('event_unknown', 'body.event', 'the redacted event is not held in this dialogue');
  if (redacted.party !== event.party) throw forbidden('not_own_event', 'a party redacts only events it authored');
  if (!REDACTABLE_EVENT_TYPES.includes(redacted.type)) {
    throw invalid('event_not_redactable', 'body.event', `${redacted.type} events carry no redactable content; only creating events do`);
  }
  const eventType = (event.body as { eventType?: unknown } | undefined)?.eventType;
  if (eventType !== redacted.type) {
    throw invalid('event_type_mismatch', 'body.eventType', `the redacted event is a ${redacted.type}, not ${JSON.stringify(eventType)}`);
  }
}
