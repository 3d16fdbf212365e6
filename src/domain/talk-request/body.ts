/**
 * The bodies of request-to-talk events as this node's decider makes them (decide.ts), so an
 * event from another node that no decider could have written is refused at the inbox instead
 * of reaching this party's screens (officials that are not a list, a subject that is not
 * text). Nothing that depends on the clock: whether the proposed times were still in the
 * future, or the deadline the requester's node computed, was decided at the author's node.
 */
import { checkPeriod } from '../deadlines.js';
import { invalid } from '../errors.js';
import { checkInstant } from '../meeting/fields.js';
import type { RecordedEvent } from '../recorded.js';
import { bodyOf, changingBody, checkComputedInstant, onlyFields, optionalReason, optionalTextAt, sameShape, textAt, type Body } from '../bodies.js';
import { checkOfficials, checkProposedTimes, type OfficialInput } from './decide.js';
import { TALK_FORMATS } from './state.js';

function requested(body: Body): void {
  onlyFields(body, ['format', 'from', 'to', 'proposedTimes', 'subject', 'responseSeconds', 'deadline']);
  if (!(TALK_FORMATS as readonly unknown[]).includes(body.format)) {
    throw invalid('format_invalid', 'body.format', `must be one of ${TALK_FORMATS.join(', ')}`);
  }
  for (const side of ['from', 'to'] as const) {
    sameShape(body[side], checkOfficials(body[side] as OfficialInput[], `body.${side}`), `body.${side}`);
  }
  checkProposedTimes(body.proposedTimes as string[], undefined, 'body.proposedTimes');
  textAt(body.subject, 'body.subject');
  checkPeriod(body.responseSeconds, 'body.responseSeconds');
  checkComputedInstant(body.deadline, 'body.deadline');
}

export function checkTalkRequestBody(event: RecordedEvent): void {
  const body = bodyOf(event);
  if (body === undefined) return;
  switch (event.type) {
    case 'talk_request.requested':
      return requested(body);
    case 'talk_request.accepted':
      changingBody(body, ['time', 'note']);
      checkInstant(body.time, 'body.time');
      return optionalTextAt(body.note, 'body.note');
    case 'talk_request.declined':
    case 'talk_request.withdrawn':
      changingBody(body, ['reason']);
      return optionalReason(body.reason, 'body.reason');
    case 'talk_request.unanswered':
      changingBody(body, ['deadline']);
      checkComputedInstant(body.deadline, 'body.deadline');
      return;
    default:
      throw invalid('type_unknown', 'type', `${event.type} is not an event of a request to talk`);
  }
}
