/**
 * The bodies of context events as this node's decider makes them (decide.ts,
 * `checkContextRecording` and `checkContextFields`), so a timeline entry from another node that
 * no decider could have written is refused at the inbox instead of reaching the timeline (a
 * source that is not an object, a `javascript:` source URL, an unknown category).
 */
import { bodyChecker, changingBody, objectAt, onlyFields, reasonAt, textAt, type Body } from '../bodies.js';
import { invalid } from '../errors.js';
import type { DialogueContext, RecordedEvent } from '../recorded.js';
import { checkContextFields, checkContextRecording, type ContextInput } from './decide.js';

const FIELDS = ['title', 'date', 'category', 'source', 'description'];

/** A date-time as the decider writes it: converted to UTC by `toISOString` (three fractional digits). */
function isUtcInstant(value: unknown): boolean {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
}

/**
 * The fields present in `fields`, checked by `check` (the decider's) once their objects are
 * objects. A date is on the record as the decider stores it: a full date as given, a date-time
 * converted to UTC by `toISOString`. Such an instant is taken as it is, because its year may
 * have left the four digits the decider's check reads (0000-01-01T00:00:00+01:00 is stored as
 * -000001-12-31T23:00:00.000Z); the check is given a stand-in date instead.
 */
function fieldsAt(fields: Body, at: string, check: (input: Partial<ContextInput>, prefix: string) => Partial<{ date: string }>): void {
  onlyFields(fields, FIELDS, at);
  if (fields.title !== undefined) textAt(fields.title, `${at}.title`);
  if (fields.description !== undefined) textAt(fields.description, `${at}.description`);
  if (fields.source !== undefined) {
    const source = objectAt(fields.source, `${at}.source`, 'source_invalid', 'must be { text, url? }');
    onlyFields(source, ['text', 'url'], `${at}.source`);
    textAt(source.text, `${at}.source.text`);
    if (source.url !== undefined && typeof source.url !== 'string') throw invalid('url_invalid', `${at}.source.url`, 'is not a URL');
  }
  const instant = isUtcInstant(fields.date);
  const checked = check((instant ? { ...fields, date: '2000-01-01' } : fields) as Partial<ContextInput>, at);
  if (!instant && fields.date !== undefined && checked.date !== fields.date) {
    throw invalid('date_invalid', `${at}.date`, 'a date-time is on the record in UTC with three fractional digits (2026-03-01T09:00:00.000Z)');
  }
}

const check = bodyChecker({
  'context.recorded': (body) => fieldsAt(body, 'body', checkContextRecording),
  'context.corrected': (body) => {
    changingBody(body, ['changes', 'reason']);
    const changes = objectAt(body.changes, 'body.changes', 'changes_invalid', 'must be an object of the fields that change');
    if (Object.keys(changes).length === 0) throw invalid('nothing_changed', 'body.changes', 'name at least one field with a new value');
    fieldsAt(changes, 'body.changes', checkContextFields);
    reasonAt(body.reason, 'body.reason', false);
  },
});

/** Throws a DomainError naming the field unless a context-event decider could have written the body. */
export function checkContextBody(event: RecordedEvent, dialogue: DialogueContext): void {
  check(event, dialogue);
}
