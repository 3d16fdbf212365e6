/**
 * The crisis-channel terms in force in a dialogue: the most recently agreed `terms`
 * aggregate (kind `terms`, status `agreed`, its state holding `terms` and the log index
 * `agreedAt` at which the last party accepted), else the defaults of real regimes.
 */
import { DEFAULT_TERMS, type DialogueTerms } from '../domain/index.js';
import type { DialogueId } from '../record/index.js';
import type { AggregateReader } from './private-ports.js';

export interface AgreedTermsState {
  readonly terms: DialogueTerms;
  readonly agreedAt: number | null;
}

export async function termsInForce(reader: AggregateReader, dialogue: DialogueId): Promise<DialogueTerms> {
  let best: AgreedTermsState | undefined;
  for (let after: string | undefined; ;) {
    const page = await reader.aggregates<AgreedTermsState>(dialogue, 'terms', { status: ['agreed'], limit: 100, ...(after ? { after } : {}) });
    for (const { state } of page) {
      if (state.agreedAt !== null && (!best || (best.agreedAt ?? -1) < state.agreedAt)) best = state;
    }
    if (page.length < 100) break;
    after = page.at(-1)!.id;
  }
  return best?.terms ?? DEFAULT_TERMS;
}
