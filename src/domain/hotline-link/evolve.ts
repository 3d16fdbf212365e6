/** How link events change the link's state. Pure; replay rebuilds the same state. */
import type { DialogueContext, RecordedEvent } from '../recorded.js';
import { RECENT_SLOTS, receiverOf, senderOf, withMissed, type HotlineLinkState, type LinkTestResult } from './state.js';

type Body = { readonly [key: string]: unknown };

function remember(state: HotlineLinkState, result: LinkTestResult): LinkTestResult[] {
  return [...state.recent, result].slice(-RECENT_SLOTS);
}

export function evolveHotlineLink(state: HotlineLinkState | undefined, event: RecordedEvent, dialogue: DialogueContext): HotlineLinkState {
  const body = (event.body ?? {}) as Body;
  if (event.type === 'hotline_link.opened') {
    const parties = Array.isArray(body.parties) ? body.parties.map(String) : [event.party, ...dialogue.parties.filter((p) => p !== event.party)];
    return {
      id: event.id, status: 'active', openedBy: event.party, epoch: event.time,
      intervalSeconds: Number(body.intervalSeconds ?? 3600), answerSeconds: Number(body.answerSeconds ?? 300),
      parties, nextSlot: 0, outstanding: null, missed: [], answered: 0, recent: [], closedAt: null,
    };
  }
  if (!state) return state as unknown as HotlineLinkState;
  const slot = typeof body.slot === 'number' ? body.slot : -1;
  const base = { slot, sender: senderOf(state, slot), receiver: receiverOf(state, slot) };
  switch (event.type) {
    case 'hotline_link.test_sent':
      return { ...state, nextSlot: slot + 1, outstanding: { slot, sentAt: event.time } };
    case 'hotline_link.test_answered':
      if (state.outstanding?.slot !== slot) return state;
      return {
        ...state, outstanding: null, answered: state.answered + 1,
        recent: remember(state, { ...base, result: 'answered', sentAt: state.outstanding.sentAt, answeredAt: event.time }),
      };
    case 'hotline_link.test_missed': {
      const reason = body.reason === 'not_sent' ? 'not_sent' : 'unanswered';
      const sentAt = state.outstanding?.slot === slot ? state.outstanding.sentAt : null;
      return {
        ...state, nextSlot: Math.max(state.nextSlot, slot + 1), outstanding: state.outstanding?.slot === slot ? null : state.outstanding,
        missed: withMissed(state.missed, slot),
        recent: remember(state, { ...base, result: 'missed', reason, sentAt, answeredAt: null }),
      };
    }
    case 'hotline_link.closed':
      return { ...state, status: 'closed', outstanding: null, closedAt: event.time };
    default:
      return state;
  }
}
