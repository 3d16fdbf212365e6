/**
 * Redacting a body that should never have been shared. The node looks the event up and
 * passes what it found; this decides whether the actor may redact it.
 *
 * A party redacts only its OWN events. The spillage is the author's: it put the content on
 * the record, it answers for it, and it alone knows what must not be there. Letting one
 * party withhold another's signed words would let a side erase what the other said on a
 * record whose whole point is that neither side can rewrite it. If the other party's event
 * holds something that must go (say, our secret quoted back to us), we ask them to redact.
 *
 * Only creating events carry content that can be redacted (aggregate.ts conventions); the
 * node knows which types create aggregates and passes them in `redactable`. A redaction is
 * itself never redacted: it is the record's account of what was removed and why.
 */
import type { DecideContext } from '../aggregate.js';
import { conflict, forbidden, invalid } from '../errors.js';
import { authorize } from '../policy.js';
import type { DomainEvent } from '../types.js';
import type { RedactionState } from './state.js';

export const REDACTION_EVENT = 'record.redacted';
const MAX_REASON = 10_000;

/** The event to redact as the node found it on the record. */
export interface EventToRedact {
  readonly id: string;
  readonly type: string;
  readonly party: string;
  readonly index: number;
  /** True when its body is already withheld (an earlier redaction). */
  readonly redacted?: boolean;
}

export type RedactionCommand = {
  type: 'redact';
  event: EventToRedact;
  reason: string;
  /** Event types whose bodies may be redacted: the creating types of every aggregate kind. */
  redactable: readonly string[];
};

/** Why, as it goes on the record: white space at both ends trimmed off, then 1–10 000 long. */
export function redactionReason(value: unknown, field: string): string {
  const reason = typeof value === 'string' ? value.trim() : '';
  if (reason === '') throw invalid('reason_missing', field, 'give a reason: it stays on the record when the content goes');
  if (reason.length > MAX_REASON) throw invalid('reason_too_long', field, 'at most 10,000 characters');
  return reason;
}

export function decideRedaction(command: RedactionCommand, state: RedactionState | undefined, ctx: DecideContext): DomainEvent[] {
  authorize(ctx.actor, 'record.redact');
  if (state) throw conflict('already_recorded', 'this redaction is already on the record');
  const { event } = command;
  if (event.type === REDACTION_EVENT) throw invalid('redaction_not_redactable', 'event', 'a redaction stays on the record: it says what was removed and why');
  if (!command.redactable.includes(event.type)) {
    throw invalid('event_not_redactable', 'event', `${event.type} events carry no redactable content; only creating events do`);
  }
  if (event.party !== ctx.actor.party) {
    throw forbidden('not_own_event', `event ${event.id} was written by party ${event.party}: only its author can redact it; ask them to`);
  }
  if (event.redacted) throw conflict('already_redacted', `event ${event.id} is already redacted`);
  const reason = redactionReason(command.reason, 'reason');
  return [{ type: REDACTION_EVENT, body: { event: event.id, eventType: event.type, reason } }];
}
