/**
 * The bodies of commitment events as this node's decider makes them (decide.ts, with the
 * field checkers of fields.ts; the CSV import decides `update` and `deliver` commands through
 * the same decider), so a commitment from another node that no decider could have written is
 * refused at the inbox instead of reaching state and the web app (milestones that are not a
 * list, evidence links to `javascript:`, a title that is not text).
 *
 * Only the shape and per-field limits are checked: whether the working group is active, the
 * party one of the dialogue's, the due date still ahead or the step allowed in the current
 * status depends on state, on other aggregates or on the clock, and is settled elsewhere.
 */
import type { DialogueContext } from '../recorded.js';
import { bodyChecker, changingBody, checkTarget, objectAt, onlyFields, partyAt, reasonAt, textAt, type Body } from '../bodies.js';
import { invalid } from '../errors.js';
import type { RecordedEvent } from '../recorded.js';
import { checkDate, checkEvidence, checkId, checkMilestones, checkProgress, checkReference, type MilestoneInput } from './fields.js';

const PROPOSED_FIELDS = ['workingGroup', 'meeting', 'party', 'title', 'description', 'due', 'milestones', 'reviewDate', 'reference'];
const UPDATABLE = ['progress', 'milestones', 'reviewDate', 'reference'];

/** A list of `{ date, text, done }` as `checkMilestones` writes it (done always a boolean). */
function milestonesAt(value: unknown, field: string): void {
  if (!Array.isArray(value)) throw invalid('milestones_invalid', field, 'must be a list of milestones');
  value.forEach((entry: unknown, i) => {
    const at = `${field}[${i}]`;
    const milestone = objectAt(entry, at, 'milestone_invalid', 'must be { date, text, done }');
    onlyFields(milestone, ['date', 'text', 'done'], at);
    textAt(milestone.text, `${at}.text`);
    if (typeof milestone.done !== 'boolean') throw invalid('flag_invalid', `${at}.done`, 'must be true or false');
  });
  checkMilestones(value as MilestoneInput[], field);
}

function proposed(body: Body, dialogue: DialogueContext): void {
  onlyFields(body, PROPOSED_FIELDS);
  checkId(body.workingGroup, 'body.workingGroup', 'working_group_missing');
  if (body.meeting !== undefined) checkId(body.meeting, 'body.meeting', 'meeting_invalid');
  partyAt(body.party, 'body.party', dialogue);
  textAt(body.title, 'body.title');
  if (body.description !== undefined) textAt(body.description, 'body.description');
  checkDate(body.due, 'body.due');
  if (body.milestones !== undefined) {
    milestonesAt(body.milestones, 'body.milestones');
    if ((body.milestones as unknown[]).length === 0) throw invalid('milestones_invalid', 'body.milestones', 'is left out when there are none');
  }
  if (body.reviewDate !== undefined) checkDate(body.reviewDate, 'body.reviewDate');
  if (body.reference !== undefined) checkReference(body.reference, 'body.reference');
}

/** Only the fields that changed, at least one; `null` clears a review date or reference. */
function updated(body: Body): void {
  changingBody(body, UPDATABLE);
  if (UPDATABLE.every((field) => body[field] === undefined)) {
    throw invalid('update_empty', 'body', `names at least one of ${UPDATABLE.join(', ')}`);
  }
  if (body.progress !== undefined) checkProgress(body.progress, 'body.progress');
  if (body.milestones !== undefined) milestonesAt(body.milestones, 'body.milestones');
  if (body.reviewDate !== undefined && body.reviewDate !== null) checkDate(body.reviewDate, 'body.reviewDate');
  if (body.reference !== undefined && body.reference !== null) checkReference(body.reference, 'body.reference');
}

/** `{ text?, links? }` as `checkEvidence` writes it: links left out when there are none. */
function delivered(body: Body): void {
  changingBody(body, ['evidence']);
  const evidence = objectAt(body.evidence, 'body.evidence', 'evidence_missing', 'give evidence of delivery: text, links, or both');
  onlyFields(evidence, ['text', 'links'], 'body.evidence');
  if (evidence.text !== undefined) textAt(evidence.text, 'body.evidence.text');
  if (evidence.links !== undefined && (!Array.isArray(evidence.links) || evidence.links.length === 0)) {
    throw invalid('links_invalid', 'body.evidence.links', 'must be a list of 1 or more links, left out when there are none');
  }
  // Any scheme: nodes before the http(s) rule recorded others, and refusing one would stop
  // the author's chain here; the web app opens only http(s) links.
  checkEvidence(evidence as { text?: { [lang: string]: string }; links?: string[] }, 'body.evidence', { anyScheme: true });
}

const withDelivery = (body: Body): void => {
  checkTarget(body);
  checkId(body.delivery, 'body.delivery', 'delivery_invalid');
};

const check = bodyChecker({
  'commitment.proposed': proposed,
  'commitment.committed': (body) => {
    changingBody(body, []);
  },
  'commitment.updated': updated,
  'commitment.delivered': delivered,
  'commitment.confirmed': (body) => {
    onlyFields(body, ['target', 'delivery']);
    withDelivery(body);
  },
  'commitment.disputed': (body) => {
    onlyFields(body, ['target', 'delivery', 'reason']);
    withDelivery(body);
    reasonAt(body.reason, 'body.reason', true);
  },
  'commitment.withdrawn': (body) => {
    changingBody(body, ['reason']);
    // Optional only when the proposer takes back its own proposal: that depends on state.
    reasonAt(body.reason, 'body.reason', false);
  },
});

/** Throws a DomainError naming the field unless a commitment decider could have written the body. */
export function checkCommitmentBody(event: RecordedEvent, dialogue: DialogueContext): void {
  check(event, dialogue);
}
