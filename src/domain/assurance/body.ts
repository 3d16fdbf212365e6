/**
 * The bodies of assurance events as this node's decider makes them (assurance.ts), so an
 * event from another node that no decider could have written is refused at the inbox instead
 * of reaching this party's screens. Whether an attached notice is the giver's own is a fact
 * of another aggregate, checked where the assurance was given; here only that it is an id.
 */
import { invalid } from '../errors.js';
import { optionalReference } from '../ids.js';
import type { RecordedEvent } from '../recorded.js';
import { bodyOf, changingBody, onlyFields, optionalReason, textAt } from '../bodies.js';

export function checkAssuranceBody(event: RecordedEvent): void {
  const body = bodyOf(event);
  if (body === undefined) return;
  switch (event.type) {
    case 'assurance.given':
      onlyFields(body, ['statement', 'notice']);
      textAt(body.statement, 'body.statement');
      optionalReference(body.notice, 'body.notice');
      return;
    case 'assurance.acknowledged':
      changingBody(body, []);
      return;
    case 'assurance.withdrawn':
      changingBody(body, ['reason']);
      return optionalReason(body.reason, 'body.reason');
    default:
      throw invalid('type_unknown', 'type', `${event.type} is not an event of an assurance`);
  }
}
