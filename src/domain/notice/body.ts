/**
 * The bodies of notice events as this node's decider makes them (decide.ts, fields.ts), so an
 * event from another node that no decider could have written is refused at the inbox instead
 * of reaching this party's screens (forces whose `units` is not a list, a description that is
 * not text, a field outside the notice type's form). Each version's content is checked by the
 * decider's own checkNoticeContent; its `lead` only for its form: whether the activity was
 * already over, and the terms that were in force, were decided at the author's node.
 */
import { invalid } from '../errors.js';
import { checkId } from '../ids.js';
import type { RecordedEvent } from '../recorded.js';
import { checkThreshold } from '../terms/check.js';
import { bodyOf, changingBody, checkComputedInstant, checkTarget, checkWhole, isObject, onlyFields, optionalReason, sameShape, type Body } from '../bodies.js';
import { checkNoticeContent, type NoticeInput } from './fields.js';

const CONTENT_FIELDS = ['noticeType', 'window', 'description', 'area', 'launchArea', 'impactArea', 'forces', 'vehicleType', 'hazard'];

/** The rule in force as the decider copies it (leadRule): lead time, threshold, whether required, deadline. */
function checkLead(lead: unknown): void {
  if (!isObject(lead)) throw invalid('lead_invalid', 'body.lead', 'must be the lead-time rule of the terms in force');
  onlyFields(lead, ['seconds', 'threshold', 'isRequired', 'deadline'], 'body.lead');
  checkWhole(lead.seconds, 'body.lead.seconds', 'lead_invalid', 0);
  if (lead.threshold !== undefined) sameShape(lead.threshold, checkThreshold(lead.threshold, 'body.lead.threshold'), 'body.lead.threshold');
  if (typeof lead.isRequired !== 'boolean') throw invalid('lead_invalid', 'body.lead.isRequired', 'must be true or false');
  checkComputedInstant(lead.deadline, 'body.lead.deadline');
}

/** A version: its content, exactly as checkNoticeContent makes it, and the rule in force. */
function version(body: Body, envelope: readonly string[]): void {
  onlyFields(body, [...envelope, ...CONTENT_FIELDS, 'lead']);
  for (const field of ['description', 'hazard']) {
    if (body[field] !== undefined && !isObject(body[field])) throw invalid('text_invalid', `body.${field}`, 'must map language tags to text');
  }
  const content = Object.fromEntries(Object.entries(body).filter(([key]) => CONTENT_FIELDS.includes(key)));
  sameShape(content, checkNoticeContent(content as unknown as NoticeInput, 'body.'), 'body');
  checkLead(body.lead);
}

export function checkNoticeBody(event: RecordedEvent): void {
  const body = bodyOf(event);
  if (body === undefined) return;
  switch (event.type) {
    case 'notice.given':
      return version(body, []);
    case 'notice.amended':
      checkTarget(body);
      checkId(body.supersedes, 'body.supersedes', 'version_invalid');
      return version(body, ['target', 'supersedes']);
    case 'notice.acknowledged':
      changingBody(body, ['version']);
      checkId(body.version, 'body.version', 'version_invalid');
      return;
    case 'notice.cancelled':
      changingBody(body, ['reason']);
      return optionalReason(body.reason, 'body.reason');
    default:
      throw invalid('type_unknown', 'type', `${event.type} is not an event of a notice`);
  }
}
