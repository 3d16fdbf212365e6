/**
 * Plays commands through a kind's decider one after another, each decided against the state
 * the events before it fold to, and returns the history as recorded (ids `e1`, `e2`, … by
 * position, as in decider-spec.ts), so a test can look at every body a decider writes along
 * a lifecycle.
 */
import type { AggregateKind } from '../aggregate.js';
import type { RecordedEvent } from '../recorded.js';
import type { Actor } from '../types.js';
import { DIALOGUE, NOW, recorded, stateOf, type GivenEvent } from './decider-spec.js';

/** Who decides what: the command, or a function of the current state that gives it. */
export type Step<S, C> = readonly [Actor, C | ((state: S | undefined) => C)] | readonly [Actor, C | ((state: S | undefined) => C), Date];

export function play<S, C>(kind: AggregateKind<S, C>, steps: readonly Step<S, C>[], given: readonly GivenEvent[] = []): RecordedEvent[] {
  const history: GivenEvent[] = [...given];
  for (const [who, command, now = NOW] of steps) {
    const state = stateOf(kind, history);
    const decided = kind.decide(typeof command === 'function' ? (command as (s: S | undefined) => C)(state) : command, state, { actor: who, dialogue: DIALOGUE, now });
    history.push(...decided.map((event) => ({ ...event, party: who.party, time: now.toISOString() })));
  }
  return recorded(history);
}
