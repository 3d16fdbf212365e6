/**
 * The shape every aggregate of the dialogue follows (Emmett's decider): an aggregate kind
 * says which events create it and which change it, how its state evolves, how commands
 * are decided against that state, and which columns index it for queries.
 *
 * Conventions:
 * - An aggregate's id is the id of the event that created it (a proposal's id is what the
 *   other side accepts, so "agreed" is "every party accepted the same id").
 * - Every changing event's body names its aggregate in `target`.
 * - Only creating events carry content that can be redacted; an event whose body is
 *   withheld contributes only what its envelope says (evolve sees `body: undefined`).
 * - State is plain JSON: the store keeps it as the projection and rebuilds it by replay.
 */
import type { DialogueContext, RecordedEvent } from './recorded.js';
import type { PartyId } from '../record/index.js';
import type { Actor, DomainEvent } from './types.js';

/** Columns the store indexes an aggregate by, so lists can be filtered and paged. */
export interface AggregateIndex {
  readonly status: string;
  /** The aggregate this one belongs to (a meeting's working group, an item's meeting). */
  readonly parent?: string | null;
  /** The party it concerns most (a commitment's committing party), when there is one. */
  readonly party?: string | null;
  /**
   * A date the aggregate is due or happens (RFC 3339), for date filters and ordering; the
   * projection stores it in one UTC form (indexDate), so any RFC 3339 form may be given.
   */
  readonly date?: string | null;
  /**
   * When the node must next act on it without a person (an acknowledgement or answer
   * deadline), RFC 3339 UTC; absent or null when nothing is pending. The node's scheduler
   * finds aggregates whose `due` has passed and decides the kind's `timeout` command.
   */
  readonly due?: string | null;
}

/**
 * What the scheduler decides when an aggregate's `due` time has passed: a command of the
 * kind, recorded in the name of `party` by its node: the actor is `nodeActor(party)` (no member,
 * no roles), so the decider must not call `authorize` for timeout commands. Deciding it
 * must move `due` forward or clear it, so a deadline is acted on exactly once, however late
 * the node gets to it (after a restart the command still sees the original `due` in state).
 */
export interface Timeout<C> {
  readonly party: PartyId;
  readonly command: C;
}

/** What a decider is told besides the command and the current state. */
export interface DecideContext {
  readonly actor: Actor;
  readonly dialogue: DialogueContext;
  /** The node's clock when the command is decided. */
  readonly now: Date;
}

/** `S` must be plain JSON (no Dates, no undefined values): the store serialises it. */
export interface AggregateKind<S, C> {
  readonly kind: string;
  /** Event types that create an aggregate of this kind. */
  readonly creates: readonly string[];
  /** Event types that change one (their body names it in `target`). */
  readonly changes: readonly string[];
  evolve(state: S | undefined, event: RecordedEvent, dialogue: DialogueContext): S;
  decide(command: C, state: S | undefined, context: DecideContext): DomainEvent[];
  index(state: S): AggregateIndex;
  /** The command to decide once `index(state).due` has passed; required when `due` is ever set. */
  timeout?(state: S, now: Date): Timeout<C> | undefined;
  /**
   * Checks that an event of this kind from another node has a body this node's deciders could
   * have made in `dialogue` (throws a DomainError naming the field); the inbox refuses it
   * otherwise. A kind without it relies on its evolve refusing what it cannot apply.
   */
  checkBody?(event: RecordedEvent, dialogue: DialogueContext): void;
}

/** The aggregate an event belongs to: its own id when it creates one, else `body.target`. */
export function targetOf(kind: { creates: readonly string[] }, event: RecordedEvent): string | undefined {
  if (kind.creates.includes(event.type)) return event.id;
  const body = event.body as { readonly target?: unknown } | null | undefined;
  if (body && typeof body === 'object' && !Array.isArray(body) && typeof body.target === 'string') return body.target;
  return undefined;
}
