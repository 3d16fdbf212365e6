/**
 * The body of `record.redacted` as this node's decider makes it (decide.ts), so a redaction
 * from another node that no decider could have written is refused at the inbox: its reason
 * stays on the record when the content goes, and is shown wherever the content was.
 *
 * Whether the named event is held here, its author's and of the type `eventType` says is the
 * party's right to redact it (`checkPartyRight`, rights.ts), checked before this.
 */
import { bodyChecker, onlyFields } from '../bodies.js';
import { invalid } from '../errors.js';
import { checkId } from '../ids.js';
import type { DialogueContext, RecordedEvent } from '../recorded.js';
import { REDACTION_EVENT, redactionReason } from './decide.js';

const check = bodyChecker({
  [REDACTION_EVENT]: (body) => {
    onlyFields(body, ['event', 'eventType', 'reason']);
    checkId(body.event, 'body.event', 'event_invalid');
    checkId(body.eventType, 'body.eventType', 'event_type_invalid');
    if (body.eventType === REDACTION_EVENT) {
      throw invalid('redaction_not_redactable', 'body.eventType', 'a redaction stays on the record: it says what was removed and why');
    }
    if (redactionReason(body.reason, 'body.reason') !== body.reason) {
      throw invalid('reason_untrimmed', 'body.reason', 'is on the record with white space at both ends trimmed off');
    }
  },
});

/** Throws a DomainError naming the field unless a redaction decider could have written the body. */
export function checkRedactionBody(event: RecordedEvent, dialogue: DialogueContext): void {
  check(event, dialogue);
}
