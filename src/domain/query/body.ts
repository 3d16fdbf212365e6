/**
 * The bodies of query events as this node's decider makes them (decide.ts), so an event from
 * another node that no decider could have written is refused at the inbox instead of reaching
 * this party's screens. Nothing that depends on the clock or on other aggregates: whether the
 * working group was active, or the deadline the asker's node computed, was decided there.
 */
import { checkPeriod } from '../deadlines.js';
import { invalid } from '../errors.js';
import { checkArea } from '../geo.js';
import { checkId } from '../ids.js';
import type { RecordedEvent } from '../recorded.js';
import { bodyOf, changingBody, checkComputedInstant, onlyFields, optionalReason, sameShape, textAt, type Body } from '../bodies.js';
import { checkWindow } from './decide.js';

function asked(body: Body): void {
  onlyFields(body, ['subject', 'description', 'workingGroup', 'area', 'window', 'answerSeconds', 'deadline']);
  textAt(body.subject, 'body.subject');
  textAt(body.description, 'body.description');
  checkId(body.workingGroup, 'body.workingGroup', 'working_group_missing');
  if (body.area !== undefined) sameShape(body.area, checkArea(body.area, 'body.area'), 'body.area');
  if (body.window !== undefined) sameShape(body.window, checkWindow(body.window as never, 'body.window'), 'body.window');
  checkPeriod(body.answerSeconds, 'body.answerSeconds');
  checkComputedInstant(body.deadline, 'body.deadline');
}

export function checkQueryBody(event: RecordedEvent): void {
  // The escalation's meeting is the meeting kind's event: its body is the meeting kind's to check.
  if (event.type === 'meeting.proposed') return;
  const body = bodyOf(event);
  if (body === undefined) return;
  switch (event.type) {
    case 'query.asked':
      return asked(body);
    case 'query.answered':
      changingBody(body, ['text']);
      textAt(body.text, 'body.text');
      return;
    case 'query.withdrawn':
      changingBody(body, ['reason']);
      return optionalReason(body.reason, 'body.reason');
    case 'query.escalated':
      changingBody(body, ['deadline']);
      checkComputedInstant(body.deadline, 'body.deadline');
      return;
    default:
      throw invalid('type_unknown', 'type', `${event.type} is not an event of a query`);
  }
}
