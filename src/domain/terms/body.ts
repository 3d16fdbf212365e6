/**
 * The bodies of terms events as this node's decider makes them (decide.ts): a proposal is a
 * complete terms document exactly as checkTerms makes it, so terms from another node that no
 * decider could have written (a deadline that is not a number, an unknown entry) are refused
 * at the inbox instead of being agreed and then applied to every deadline of the dialogue.
 */
import { invalid } from '../errors.js';
import { checkId } from '../ids.js';
import type { RecordedEvent } from '../recorded.js';
import { bodyOf, changingBody, isObject, onlyFields, optionalReason, sameShape } from '../bodies.js';
import { DEFAULT_FLOOR_RULES } from '../floor/rules.js';
import { checkTerms } from './check.js';

export function checkTermsBody(event: RecordedEvent): void {
  const body = bodyOf(event);
  if (body === undefined) return;
  switch (event.type) {
    case 'terms.proposed': {
      onlyFields(body, ['terms']);
      const terms = checkTerms(body.terms, 'body.terms');
      // checkFloorRules looks a rule up by name through the prototype chain (`toString` passes
      // it); the command schema refuses such a name, so no decider writes one.
      const floor = (body.terms as { floor?: unknown }).floor;
      if (isObject(floor)) {
        const unknown = Object.keys(floor).find((key) => !Object.hasOwn(DEFAULT_FLOOR_RULES, key));
        if (unknown !== undefined) throw invalid('terms_unknown_entry', `body.terms.floor.${unknown}`, 'is not a known floor rule');
      }
      sameShape(body.terms, terms, 'body.terms');
      return;
    }
    case 'terms.accepted':
      changingBody(body, ['proposal']);
      checkId(body.proposal, 'body.proposal', 'proposal_invalid');
      return;
    case 'terms.rejected':
      changingBody(body, ['proposal', 'reason']);
      checkId(body.proposal, 'body.proposal', 'proposal_invalid');
      return optionalReason(body.reason, 'body.reason');
    case 'terms.withdrawn':
      changingBody(body, ['reason']);
      return optionalReason(body.reason, 'body.reason');
    default:
      throw invalid('type_unknown', 'type', `${event.type} is not an event of terms`);
  }
}
