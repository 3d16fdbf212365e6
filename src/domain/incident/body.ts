/**
 * The bodies of incident events as this node's decider makes them (incident.ts): each is one
 * party's complete account, checked by the decider's own checkAccount, so an event from
 * another node that no decider could have written is refused at the inbox instead of reaching
 * this party's screens. Without the clock (whether the incident's time was already past when
 * it was reported): with the dialogue, whose parties the units must belong to.
 */
import { invalid } from '../errors.js';
import type { DialogueContext, RecordedEvent } from '../recorded.js';
import { bodyOf, changingBody, isObject, onlyFields, sameShape, type Body } from '../bodies.js';
import { checkAccount, type AccountInput } from './incident.js';

const ACCOUNT_FIELDS = ['time', 'position', 'domain', 'units', 'cpaMetres', 'narrative'];

function account(body: Body, dialogue: DialogueContext): void {
  if (body.narrative !== undefined && !isObject(body.narrative)) throw invalid('text_invalid', 'body.narrative', 'must map language tags to text');
  const fields = Object.fromEntries(Object.entries(body).filter(([key]) => ACCOUNT_FIELDS.includes(key)));
  sameShape(fields, checkAccount(fields as unknown as AccountInput, { parties: dialogue.parties }, 'body.'), 'body');
}

export function checkIncidentBody(event: RecordedEvent, dialogue: DialogueContext): void {
  const body = bodyOf(event);
  if (body === undefined) return;
  switch (event.type) {
    case 'incident.reported':
      onlyFields(body, ACCOUNT_FIELDS);
      return account(body, dialogue);
    case 'incident.account_added':
    case 'incident.account_revised':
      changingBody(body, ACCOUNT_FIELDS);
      return account(body, dialogue);
    default:
      throw invalid('type_unknown', 'type', `${event.type} is not an event of an incident`);
  }
}
