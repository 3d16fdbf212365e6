/**
 * The crisis-channel terms in force in a dialogue: the most recently agreed `terms`
 * aggregate (kind `terms`, status `agreed`, its state holding `terms` and the Lamport clock
 * `agreedAt` of the last acceptance; ties between concurrent agreements go to the larger id),
 * else the defaults of real regimes.
 */
import { DEFAULT_TERMS, type DialogueTerms } from '../domain/index.js';
import type { DialogueId } from '../record/index.js';
import { allAggregates } from './aggregate-pages.js';
import type { AggregateReader } from './private-ports.js';

export interface AgreedTermsState {
  readonly terms: DialogueTerms;
  readonly agreedAt: number | null;
}

/** The terms in force and where they come from: an agreed proposal, or the defaults. */
export interface TermsInForce {
  readonly terms: DialogueTerms;
  /** The agreed proposal's id; null for the defaults. */
  readonly id: string | null;
  readonly agreedAt: number | null;
  readonly isDefault: boolean;
}

export async function termsInForceRecord(reader: AggregateReader, dialogue: DialogueId): Promise<TermsInForce> {
  let best: { id: string; state: AgreedTermsState } | undefined;
  for (const { id, state } of await allAggregates<AgreedTermsState>(reader, dialogue, 'terms', { status: ['agreed'] })) {
    // A redacted proposal (terms null) cannot be in force: its content is gone.
    if (state.agreedAt !== null && state.terms && (!best || isLater(state.agreedAt, id, best.state.agreedAt ?? -1, best.id))) best = { id, state };
  }
  return best
    ? { terms: best.state.terms, id: best.id, agreedAt: best.state.agreedAt, isDefault: false }
    : { terms: DEFAULT_TERMS, id: null, agreedAt: null, isDefault: true };
}

function isLater(clock: number, id: string, bestClock: number, bestId: string): boolean {
  return clock > bestClock || (clock === bestClock && id > bestId);
}

export async function termsInForce(reader: AggregateReader, dialogue: DialogueId): Promise<DialogueTerms> {
  return (await termsInForceRecord(reader, dialogue)).terms;
}
