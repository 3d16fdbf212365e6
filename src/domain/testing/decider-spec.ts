/**
 * Given/when/then for deciders (Emmett's DeciderSpecification): given recorded events,
 * when a command is decided by an actor, then these events — or this error.
 * Event ids are deterministic (`e1`, `e2`, …) so tests can name proposals.
 */
import { expect } from 'vitest';
import type { DialogueId, EventId, MemberId, PartyId } from '../../record/index.js';
import type { AggregateKind, DecideContext } from '../aggregate.js';
import { targetOf } from '../aggregate.js';
import { DomainError } from '../errors.js';
import type { DialogueContext, RecordedEvent } from '../recorded.js';
import type { Actor, DomainEvent, Role } from '../types.js';

export const DIALOGUE: DialogueContext = { id: 'd1' as DialogueId, parties: ['red', 'blue'] as PartyId[] };
export const NOW = new Date('2026-03-01T09:00:00.000Z');

export function actor(party: string, ...roles: Role[]): Actor {
  return { party: party as PartyId, member: `${party}-${roles[0] ?? 'member'}` as MemberId, roles };
}

/** A recorded event in a test history: by `party`, at `time` (default NOW). */
export interface GivenEvent extends DomainEvent {
  readonly party: string;
  readonly time?: string;
}

export function recorded(events: readonly GivenEvent[]): RecordedEvent[] {
  return events.map((e, i) => ({
    id: `e${i + 1}` as EventId, index: i, clock: i + 1, party: e.party as PartyId, member: null,
    time: e.time ?? NOW.toISOString(), type: e.type, body: e.body,
  }));
}

/** Folds the events that belong to aggregate `id` (default: the first one created). */
export function stateOf<S, C>(kind: AggregateKind<S, C>, events: readonly GivenEvent[], id?: string, dialogue = DIALOGUE): S | undefined {
  let state: S | undefined;
  const all = recorded(events);
  const target = id ?? all.find((e) => kind.creates.includes(e.type))?.id;
  for (const event of all) {
    if (targetOf(kind, event) === target) state = kind.evolve(state, event, dialogue);
  }
  return state;
}

export function spec<S, C>(kind: AggregateKind<S, C>) {
  return {
    given(events: readonly GivenEvent[] = [], options: { id?: string; dialogue?: DialogueContext; now?: Date } = {}) {
      const state = stateOf(kind, events, options.id, options.dialogue);
      const context = (who: Actor): DecideContext => ({ actor: who, dialogue: options.dialogue ?? DIALOGUE, now: options.now ?? NOW });
      return {
        state,
        when(who: Actor, command: C) {
          const run = () => kind.decide(command, state, context(who));
          return {
            then(expected: readonly DomainEvent[]): void {
              expect(run()).toEqual(expected);
            },
            thenError(code: string, field?: string): DomainError {
              try {
                run();
              } catch (error) {
                expect(error).toBeInstanceOf(DomainError);
                expect((error as DomainError).code).toBe(code);
                if (field !== undefined) expect((error as DomainError).field).toBe(field);
                return error as DomainError;
              }
              throw new Error(`expected error ${code}, but the command was accepted`);
            },
          };
        },
      };
    },
  };
}
