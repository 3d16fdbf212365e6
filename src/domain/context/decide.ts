/**
 * Context-event commands: record an event on the relationship timeline, or correct one.
 * An entry is its party's statement of what happened, so only that party corrects it (the
 * other side records its own entry if it sees things differently).
 */
import type { DecideContext } from '../aggregate.js';
import { forbidden, invalid, notFound } from '../errors.js';
import { checkMultilingualText } from '../multilingual.js';
import { authorize } from '../policy.js';
import { reasonText } from '../reasons.js';
import type { DomainEvent, MultilingualText } from '../types.js';
import { canonicalize } from '../../record/index.js';
import { CONTEXT_CATEGORIES, type ContextCategory, type ContextEventState, type ContextFields } from './state.js';

export interface ContextInput {
  readonly title: MultilingualText;
  readonly date: string;
  readonly category: ContextCategory;
  readonly source: { readonly text: MultilingualText; readonly url?: string };
  readonly description?: MultilingualText;
}

export type ContextEventCommand =
  | { type: 'record'; event: ContextInput }
  | { type: 'correct'; changes: Partial<ContextInput>; reason?: string };

const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d|60)(\.\d+)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/i;

/** True for an RFC 3339 full-date or date-time naming a real calendar day. */
export function isRfc3339Date(value: string): boolean {
  const match = FULL_DATE.exec(value) ?? DATE_TIME.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/**
 * Times are stored in UTC (SPEC.md §2): a date-time with an offset is converted, so the
 * timeline sorts by its date column. A full date stays a date: "the summit on 1 March"
 * has no time of day to convert. A leap second (:60) cannot be represented and is refused.
 */
function utc(value: string): string | null {
  if (FULL_DATE.test(value)) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function checkUrl(url: string, field: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('url_invalid', field, 'is not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalid('url_invalid', field, 'must be an http or https URL');
  if (url.length > 2_000) throw invalid('url_invalid', field, 'at most 2,000 characters');
  return url;
}

/** Checks the fields present in `input`, naming each as `prefix.field`. */
export function checkContextFields(input: Partial<ContextInput>, prefix: string): Partial<ContextFields> {
  const out: Partial<ContextFields> = {};
  if (input.title !== undefined) out.title = { ...checkMultilingualText(input.title, `${prefix}.title`) };
  if (input.date !== undefined) {
    const date = typeof input.date === 'string' && isRfc3339Date(input.date) ? utc(input.date) : null;
    if (date === null) throw invalid('date_invalid', `${prefix}.date`, 'must be an RFC 3339 date (2026-03-01) or date-time (2026-03-01T09:00:00Z)');
    out.date = date;
  }
  if (input.category !== undefined) {
    if (!CONTEXT_CATEGORIES.includes(input.category)) throw invalid('category_invalid', `${prefix}.category`, `must be one of ${CONTEXT_CATEGORIES.join(', ')}`);
    out.category = input.category;
  }
  if (input.source !== undefined) {
    const text = { ...checkMultilingualText(input.source.text ?? {}, `${prefix}.source.text`) };
    out.source = input.source.url === undefined ? { text } : { text, url: checkUrl(input.source.url, `${prefix}.source.url`) };
  }
  if (input.description !== undefined) out.description = { ...checkMultilingualText(input.description, `${prefix}.description`) };
  return out;
}

/** The fields a recording must carry. */
export const REQUIRED_CONTEXT_FIELDS = ['title', 'date', 'category', 'source'] as const;

/** Checks a recording's fields, the required ones present, naming each as `prefix.field`. */
export function checkContextRecording(input: Partial<ContextInput>, prefix: string): Partial<ContextFields> {
  for (const field of REQUIRED_CONTEXT_FIELDS) {
    if (input[field] === undefined) throw invalid(`${field}_missing`, `${prefix}.${field}`, 'is required');
  }
  return checkContextFields(input, prefix);
}

export function decideContextEvent(command: ContextEventCommand, state: ContextEventState | undefined, ctx: DecideContext): DomainEvent[] {
  authorize(ctx.actor, 'context.record');
  switch (command.type) {
    case 'record':
      return [{ type: 'context.recorded', body: checkContextRecording(command.event, 'event') }];
    case 'correct': {
      if (!state) throw notFound('context_event_not_found', 'no such context event', 'target');
      if (state.recordedBy !== ctx.actor.party) throw forbidden('not_recorder', 'only the party that recorded a context event corrects it; record your own account instead');
      const checked = checkContextFields(command.changes, 'changes') as Record<string, unknown>;
      const current = (state.fields ?? {}) as Record<string, unknown>;
      const changes = Object.fromEntries(Object.entries(checked).filter(([field, value]) => canonicalize(current[field] ?? null) !== canonicalize(value)));
      if (Object.keys(changes).length === 0) throw invalid('nothing_changed', 'changes', 'name at least one field with a new value');
      const reason = reasonText(command.reason, 'reason', false);
      return [{ type: 'context.corrected', body: { target: state.id, changes: changes as never, ...(reason ? { reason } : {}) } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
