/**
 * Deadlines of the crisis channels (answer a request to talk, a query, acknowledge a call):
 * the decider computes the deadline from the terms in force and copies it, with the period
 * it came from, into the event — so the record itself says which rule applied — and the
 * node's scheduler acts on it as `nodeActor(party)` once it passes.
 */
import { forbidden, invalid } from './errors.js';
import type { Actor } from './types.js';

/** `now` plus `seconds`, as an RFC 3339 UTC instant. */
export function deadlineAfter(now: Date, seconds: number): string {
  return new Date(now.getTime() + seconds * 1000).toISOString();
}

/**
 * True once `deadline` (RFC 3339) is reached at `now`: the node acts at the deadline itself
 * (the scheduler's `due_at <= now`). An answer recorded at that very instant is still on
 * time (late means after the deadline), whichever of the two the record holds first.
 */
export function isDue(deadline: string, now: Date): boolean {
  return now.getTime() >= Date.parse(deadline);
}

/**
 * Refuses unless `actor` is the node acting for `party` without a person: deadline
 * commands are never a member's to give (nodeActor has no roles, so `authorize` is not used).
 */
export function requireNode(actor: Actor, party: string | null): void {
  if (actor.member !== null || actor.roles.length > 0 || actor.party !== party) {
    throw forbidden('node_only', `only the node of party ${party ?? '(unknown)'} records what a deadline decides`);
  }
}

/** A terms period as injected by the node: whole seconds, positive. */
export function checkPeriod(seconds: unknown, field: string): number {
  if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds) || seconds <= 0) {
    throw invalid('terms_invalid', field, 'the terms in force give no valid period (whole seconds > 0)');
  }
  return seconds;
}
