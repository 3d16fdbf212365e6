/**
 * The bodies of hotline-call events as this node's decider makes them (decide.ts), so an
 * event from another node that no decider could have written is refused at the inbox instead
 * of reaching this party's duty officers (a message that is not text, an unknown precedence).
 * The called party is checked as an id only (the dialogue is not seen here), and an
 * escalation's level and due time only for their form: the ladder that set them is private
 * to the called party's node.
 */
import { checkPeriod } from '../deadlines.js';
import { invalid } from '../errors.js';
import { checkId } from '../ids.js';
import type { RecordedEvent } from '../recorded.js';
import { PRECEDENCES } from '../terms/terms.js';
import { bodyOf, changingBody, checkComputedInstant, checkWhole, onlyFields, optionalTextAt, textAt, type Body } from '../bodies.js';
import { CALL_OUTCOMES } from './state.js';

function placed(body: Body, caller: string): void {
  onlyFields(body, ['to', 'precedence', 'subject', 'message', 'ackDeadlineSeconds']);
  const to = checkId(body.to, 'body.to', 'recipient_invalid');
  if (to === caller) throw invalid('recipient_invalid', 'body.to', 'a party does not call itself');
  if (!(PRECEDENCES as readonly unknown[]).includes(body.precedence)) {
    throw invalid('precedence_invalid', 'body.precedence', `must be one of ${PRECEDENCES.join(', ')}`);
  }
  textAt(body.subject, 'body.subject');
  textAt(body.message, 'body.message');
  checkPeriod(body.ackDeadlineSeconds, 'body.ackDeadlineSeconds');
}

export function checkHotlineCallBody(event: RecordedEvent): void {
  const body = bodyOf(event);
  if (body === undefined) return;
  switch (event.type) {
    case 'hotline_call.placed':
      return placed(body, event.party);
    case 'hotline_call.delivered':
    case 'hotline_call.acknowledged':
      changingBody(body, []);
      return;
    case 'hotline_call.answered':
      changingBody(body, ['message']);
      textAt(body.message, 'body.message');
      return;
    case 'hotline_call.escalated':
      changingBody(body, ['level', 'dueAt']);
      checkWhole(body.level, 'body.level', 'level_invalid', 1);
      checkComputedInstant(body.dueAt, 'body.dueAt');
      return;
    case 'hotline_call.closed':
      changingBody(body, ['outcome', 'note']);
      if (!(CALL_OUTCOMES as readonly unknown[]).includes(body.outcome)) {
        throw invalid('outcome_invalid', 'body.outcome', `must be one of ${CALL_OUTCOMES.join(', ')}`);
      }
      return optionalTextAt(body.note, 'body.note');
    default:
      throw invalid('type_unknown', 'type', `${event.type} is not an event of a hotline call`);
  }
}
