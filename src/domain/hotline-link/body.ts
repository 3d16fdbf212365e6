/**
 * The bodies of hotline-link events as this node's decider makes them (decide.ts), so an event
 * from another node that no decider could have written is refused at the inbox instead of
 * driving this node's link-test schedule (an interval that is not a number, a slot that is not
 * a whole number). Which slot is due, and by whom it is sent, depend on the link's state and
 * the clock; the inbox's rights check and the link's state see to those.
 */
import { checkPeriod } from '../deadlines.js';
import { invalid } from '../errors.js';
import { checkId } from '../ids.js';
import type { RecordedEvent } from '../recorded.js';
import { bodyOf, changingBody, checkWhole, onlyFields, optionalReason, type Body } from '../bodies.js';

const MISSED_REASONS = ['unanswered', 'not_sent'];

/** The periods of the terms in force and the dialogue's parties, the opener first. */
function opened(body: Body, opener: string): void {
  onlyFields(body, ['intervalSeconds', 'answerSeconds', 'parties']);
  const interval = checkPeriod(body.intervalSeconds, 'body.intervalSeconds');
  const answer = checkPeriod(body.answerSeconds, 'body.answerSeconds');
  if (answer >= interval) throw invalid('link_test_answer_too_long', 'body.answerSeconds', 'must be shorter than the link-test interval');
  const parties = body.parties;
  if (!Array.isArray(parties) || parties.length === 0) throw invalid('parties_invalid', 'body.parties', 'list the parties that send tests in turn');
  parties.forEach((party: unknown, i) => {
    checkId(party, `body.parties[${i}]`, 'parties_invalid');
    if (parties.indexOf(party) !== i) throw invalid('parties_invalid', `body.parties[${i}]`, `${String(party)} is listed twice`);
  });
  if (parties[0] !== opener) throw invalid('parties_invalid', 'body.parties[0]', 'the opening party sends first');
}

export function checkHotlineLinkBody(event: RecordedEvent): void {
  const body = bodyOf(event);
  if (body === undefined) return;
  switch (event.type) {
    case 'hotline_link.opened':
      return opened(body, event.party);
    case 'hotline_link.test_sent':
    case 'hotline_link.test_answered':
      changingBody(body, ['slot']);
      checkWhole(body.slot, 'body.slot', 'slot_invalid', 0);
      return;
    case 'hotline_link.test_missed':
      changingBody(body, ['slot', 'reason']);
      checkWhole(body.slot, 'body.slot', 'slot_invalid', 0);
      if (!MISSED_REASONS.includes(body.reason as string)) throw invalid('reason_invalid', 'body.reason', `must be one of ${MISSED_REASONS.join(', ')}`);
      return;
    case 'hotline_link.closed':
      changingBody(body, ['reason']);
      return optionalReason(body.reason, 'body.reason');
    default:
      throw invalid('type_unknown', 'type', `${event.type} is not an event of a hotline link`);
  }
}
