/**
 * Given/when/then for the kinds' body checks (`<kind>/body.ts`): drive a kind's decider
 * through a lifecycle and check every body it writes with the kind's
 * `checkBody`, remembering which event types were checked, so a test can require that every
 * type of the kind was; and name what a body no decider writes is refused for.
 * Arbitraries of the shared shapes (texts, reasons, instants, areas) for fast-check.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { AggregateKind } from '../aggregate.js';
import { DomainError } from '../errors.js';
import { DEGREE } from '../geo.js';
import type { RecordedEvent } from '../recorded.js';
import type { Actor, DomainEvent, MultilingualText } from '../types.js';
import { DIALOGUE, NOW, recorded, stateOf, type GivenEvent } from './decider-spec.js';

export function bodySpec<S, C>(kind: AggregateKind<S, C>) {
  /** `code field` of the refusal of a recorded event, or undefined when it passes. */
  const refusalOf = (event: RecordedEvent): string | undefined => {
    try {
      kind.checkBody!(event, DIALOGUE);
      return undefined;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return `${error.code} ${error.field}`;
    }
  };
  const checked = new Set<string>();
  const check = (event: DomainEvent, party: string): void => {
    kind.checkBody!(recorded([{ party, type: event.type, body: event.body }])[0]!, DIALOGUE);
    checked.add(event.type);
  };
  return {
    /** A history of one aggregate: each decision is checked, then recorded into it. */
    lifecycle() {
      const history: GivenEvent[] = [];
      return {
        history,
        decide(who: Actor, command: C, now = NOW): DomainEvent[] {
          const events = kind.decide(command, stateOf(kind, history), { actor: who, dialogue: DIALOGUE, now });
          for (const event of events) {
            check(event, who.party);
            history.push({ party: who.party, type: event.type, body: event.body, time: now.toISOString() });
          }
          return events;
        },
      };
    },
    /** `code field` of the refusal of a body of `type` by `party`, or undefined when it passes. */
    refusal(type: string, body: unknown, party = 'red'): string | undefined {
      return refusalOf(recorded([{ party, type, body: body as never }])[0]!);
    },
    refusalOf,
    /** Every creating and changing type of the kind was written by the decider and checked. */
    expectEveryTypeChecked(): void {
      expect([...checked].sort()).toEqual([...kind.creates, ...kind.changes].sort());
    },
  };
}

/** Text that is not blank, up to `max` long. */
export const words = (max = 40) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim() !== '');

/** A multilingual text: English, and Chinese or not. */
export const text: fc.Arbitrary<MultilingualText> = fc.record({ en: words(), 'zh-Hans': words() }, { requiredKeys: ['en'] });

/** A reason as a member may give it: none, blank (left out) or text. */
export const reason = fc.option(fc.oneof(words(100), fc.constant(''), fc.constant('  ')), { nil: undefined });

/** An instant `seconds` after NOW (1 second to a year), with or without a fraction. */
export const instantAfter = (from = NOW) => fc.tuple(fc.integer({ min: 1, max: 366 * 86_400 }), fc.boolean())
  .map(([seconds, fraction]) => {
    const iso = new Date(from.getTime() + seconds * 1000).toISOString();
    return fraction ? iso : iso.replace('.000Z', 'Z');
  });

export const position = fc.record({
  lat: fc.integer({ min: -90 * DEGREE, max: 90 * DEGREE }),
  lon: fc.integer({ min: -180 * DEGREE, max: 180 * DEGREE }),
});

/** A circle or a polygon of 3 to 8 distinct corners. */
export const area = fc.oneof(
  fc.record({ shape: fc.constant('circle' as const), centre: position, radius: fc.integer({ min: 1, max: 10_000_000 }) }),
  fc.record({
    shape: fc.constant('polygon' as const),
    points: fc.uniqueArray(position, { minLength: 3, maxLength: 8, selector: (p) => `${p.lat},${p.lon}` }),
  }),
);
