/**
 * Checks of a commitment's fields, shared by the decider and the CSV reader so a bad value
 * is refused with the same words whether it came from a form or a spreadsheet.
 */
import { invalid } from '../errors.js';
import { checkMultilingualText } from '../multilingual.js';
import type { MultilingualText } from '../types.js';
import type { Evidence, Milestone } from './state.js';
import { reasonText } from '../reasons.js';
import { checkId } from '../ids.js';

export { checkId };

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-](\d{2}):(\d{2})))?$/;
export const MAX_REFERENCE_LENGTH = 200;
export const MAX_LINKS = 20;
export const MAX_MILESTONES = 100;

/** An RFC 3339 full-date (`2026-06-30`) or date-time (`2026-06-30T12:00:00Z`), kept as given. */
export function checkDate(value: unknown, field: string): string {
  const m = typeof value === 'string' ? RFC3339.exec(value) : null;
  const ok = m !== null && (() => {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
    if (m[4] === undefined) return true;
    return Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6]) <= 59
      && (m[7] === undefined || (Number(m[7]) <= 23 && Number(m[8]) <= 59));
  })();
  if (!ok) throw invalid('date_invalid', field, 'must be an RFC 3339 date (2026-06-30) or date-time (2026-06-30T12:00:00Z)');
  return value as string;
}

/**
 * The UTC instant a checked date stands for, as an ISO string the store can compare: a bare
 * date is due by the end of that day in UTC (the later reading, so nobody is overdue early).
 */
export function dateInstant(date: string): string {
  return date.length === 10 ? `${date}T23:59:59.999Z` : new Date(date).toISOString();
}

export function checkProgress(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) {
    throw invalid('progress_invalid', field, 'must be an integer 0–100');
  }
  return value;
}

/** One line of printable text, e.g. `JIRA-1234`: it identifies, it does not explain. */
export function checkReference(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || /[\u0000-\u001f\u007f]/.test(value)) {
    throw invalid('reference_invalid', field, 'must be one line of text, e.g. a tracker id');
  }
  if (value.length > MAX_REFERENCE_LENGTH) throw invalid('reference_too_long', field, `at most ${MAX_REFERENCE_LENGTH} characters`);
  return value;
}


/**
 * A link as this node records it: an absolute http or https URL — the other party's members
 * open it, so never `javascript:`, `data:` or a scheme some local program answers. With
 * `anyScheme`, any absolute URL: what nodes before this rule recorded, still taken from
 * another node (the web app opens only http and https links, whatever the record holds).
 */
export function checkLink(value: unknown, field: string, options: { anyScheme?: boolean } = {}): string {
  let ok = typeof value === 'string' && value.length <= 2000 && !/\s/.test(value);
  if (ok) {
    try {
      const { protocol } = new URL(value as string);
      ok = options.anyScheme === true || protocol === 'https:' || protocol === 'http:';
    } catch {
      ok = false;
    }
  }
  if (!ok) throw invalid('link_invalid', field, 'must be an absolute http or https URL such as https://example.org/report');
  return value as string;
}

export interface EvidenceInput {
  readonly text?: MultilingualText;
  readonly links?: readonly string[];
}

export function checkEvidence(input: EvidenceInput | undefined, field: string, options: { anyScheme?: boolean } = {}): Evidence {
  const links = input?.links ?? [];
  if (input?.text === undefined && links.length === 0) {
    throw invalid('evidence_missing', field, 'give evidence of delivery: text, links, or both');
  }
  if (links.length > MAX_LINKS) throw invalid('too_many_links', `${field}.links`, `at most ${MAX_LINKS} links`);
  links.forEach((link, i) => checkLink(link, `${field}.links[${i}]`, options));
  return {
    ...(input?.text !== undefined ? { text: { ...checkMultilingualText(input.text, `${field}.text`) } } : {}),
    ...(links.length > 0 ? { links: [...links] } : {}),
  };
}

export interface MilestoneInput {
  readonly date: string;
  readonly text: MultilingualText;
  readonly done?: boolean;
}

export function checkMilestones(input: readonly MilestoneInput[], field: string): Milestone[] {
  if (input.length > MAX_MILESTONES) throw invalid('too_many_milestones', field, `at most ${MAX_MILESTONES} milestones`);
  return input.map((m, i) => ({
    date: checkDate(m.date, `${field}[${i}].date`),
    text: { ...checkMultilingualText(m.text, `${field}[${i}].text`) },
    done: m.done === true,
  }));
}


export { reasonText };
