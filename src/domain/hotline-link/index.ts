/** The hotline link and its scheduled tests (alternating sides, answered automatically). */
import type { AggregateKind } from '../aggregate.js';
import { checkHotlineLinkBody } from './body.js';
import { decideHotlineLink, type HotlineLinkCommand } from './decide.js';
import { evolveHotlineLink } from './evolve.js';
import { linkDue, slotTime, senderOf, type HotlineLinkState } from './state.js';

export { decideHotlineLink, type HotlineLinkCommand } from './decide.js';
export {
  LINK_STATUSES, linkDue, slotTime, senderOf, receiverOf, isMissed,
  type HotlineLinkState, type LinkStatus, type LinkTestResult,
} from './state.js';
export { availability, dialogueAvailability, AVAILABILITY_WINDOWS, type DirectionAvailability, type WindowAvailability } from './availability.js';

export const hotlineLinks: AggregateKind<HotlineLinkState, HotlineLinkCommand> = {
  kind: 'hotline_link',
  creates: ['hotline_link.opened'],
  changes: ['hotline_link.test_sent', 'hotline_link.test_answered', 'hotline_link.test_missed', 'hotline_link.closed'],
  evolve: evolveHotlineLink,
  decide: decideHotlineLink,
  index: (state) => ({ status: state.status, party: state.openedBy, date: state.epoch, due: linkDue(state) }),
  timeout(state, now) {
    if (state.status !== 'active') return undefined;
    const t = now.getTime();
    if (state.outstanding) {
      const slot = state.outstanding.slot;
      if (t < slotTime(state, slot) + state.answerSeconds * 1000) return undefined;
      return { party: senderOf(state, slot) as never, command: { type: 'expire', slot } };
    }
    if (t < slotTime(state, state.nextSlot)) return undefined;
    return { party: senderOf(state, state.nextSlot) as never, command: { type: 'send', slot: state.nextSlot } };
  },
  checkBody: checkHotlineLinkBody,
};
