/** How terms events change a proposal's state. Pure; replay rebuilds the same state. */
import { isAgreed } from '../agreement.js';
import type { DialogueContext, RecordedEvent } from '../recorded.js';
import type { TermsState } from './state.js';
import type { DialogueTerms } from './terms.js';

type Body = { readonly [key: string]: unknown };

export function evolveTerms(state: TermsState | undefined, event: RecordedEvent, dialogue: DialogueContext): TermsState {
  const body = (event.body ?? {}) as Body;
  const reason = typeof body.reason === 'string' ? body.reason : null;
  if (event.type === 'terms.proposed') {
    return {
      id: event.id, status: 'proposed', proposedBy: event.party, proposedAt: event.time,
      terms: event.body === undefined ? null : (body.terms as DialogueTerms),
      acceptances: { [event.party]: event.id }, agreedAt: null, agreedTime: null, rejection: null, withdrawal: null,
    };
  }
  if (!state) return state as unknown as TermsState;
  switch (event.type) {
    case 'terms.accepted': {
      const acceptances = { ...state.acceptances, [event.party]: String(body.proposal) };
      const isNowAgreed = state.status === 'proposed' && isAgreed(acceptances, state.id, dialogue.parties);
      return { ...state, acceptances, ...(isNowAgreed ? { status: 'agreed', agreedAt: event.clock, agreedTime: event.time } : {}) };
    }
    case 'terms.rejected':
      return { ...state, status: 'rejected', rejection: { party: event.party, reason, at: event.time } };
    case 'terms.withdrawn':
      return { ...state, status: 'withdrawn', withdrawal: { reason, at: event.time } };
    default:
      return state;
  }
}
