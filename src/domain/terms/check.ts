/**
 * Validation of a proposed terms document: every field present, every duration a positive
 * whole number of seconds, every precedence and notice type listed (none missing, none
 * unknown) — the floor rules alone are optional. A terms proposal is the full document, never a patch, so what is agreed is
 * exactly what the record shows.
 */
import { invalid } from '../errors.js';
import { checkFloorRules } from '../floor/rules.js';
import { NOTICE_TYPES, PRECEDENCES, type DialogueTerms, type NoticeTerms } from './terms.js';

/** Longest duration accepted anywhere in the terms: a year. */
const MAX_SECONDS = 366 * 24 * 3600;

type Loose = { readonly [key: string]: unknown };

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function seconds(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw invalid('seconds_invalid', field, 'must be a positive whole number of seconds');
  }
  if (value > MAX_SECONDS) throw invalid('seconds_too_large', field, `must be at most ${MAX_SECONDS} seconds (a year)`);
  return value;
}

function exactKeys(value: unknown, keys: readonly string[], field: string): Loose {
  if (!isObject(value)) throw invalid('terms_invalid', field, 'must be an object');
  for (const key of keys) if (!(key in value)) throw invalid('terms_incomplete', `${field}.${key}`, 'is missing: terms list every entry');
  for (const key of Object.keys(value)) if (!keys.includes(key)) throw invalid('terms_unknown_entry', `${field}.${key}`, 'is not a known entry');
  return value;
}

function noticeTerms(value: unknown, field: string): NoticeTerms {
  if (!isObject(value)) throw invalid('terms_invalid', field, 'must be an object');
  for (const key of Object.keys(value)) {
    if (key !== 'leadSeconds' && key !== 'threshold') throw invalid('terms_unknown_entry', `${field}.${key}`, 'is not a known entry');
  }
  const leadSeconds = seconds(value.leadSeconds, `${field}.leadSeconds`);
  if (value.threshold === undefined) return { leadSeconds };
  return { leadSeconds, threshold: checkThreshold(value.threshold, `${field}.threshold`) };
}

/** A notice type's size threshold (`{ field, min }`); returns a clean copy. Notices copy it into their `lead`. */
export function checkThreshold(threshold: unknown, field: string): { field: string; min: number } {
  if (!isObject(threshold) || typeof threshold.field !== 'string' || !/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/.test(threshold.field)) {
    throw invalid('threshold_invalid', `${field}.field`, 'name the size field, e.g. personnel');
  }
  if (typeof threshold.min !== 'number' || !Number.isInteger(threshold.min) || threshold.min <= 0) {
    throw invalid('threshold_invalid', `${field}.min`, 'must be a positive whole number');
  }
  return { field: threshold.field, min: threshold.min };
}

/** Checks a terms document; returns a clean copy (no extra fields) or throws naming the field. */
export function checkTerms(input: unknown, field = 'terms'): DialogueTerms {
  // `floor` is the one optional section: without it the default floor rules apply.
  const { floor, ...rest } = isObject(input) ? input : { floor: undefined };
  const terms = exactKeys(isObject(input) ? rest : input, [
    'ackDeadlineSeconds', 'linkTestIntervalSeconds', 'linkTestAnswerSeconds', 'talkRequestResponseSeconds', 'queryAnswerSeconds', 'notices',
  ], field);
  const ack = exactKeys(terms.ackDeadlineSeconds, PRECEDENCES, `${field}.ackDeadlineSeconds`);
  const notices = exactKeys(terms.notices, NOTICE_TYPES, `${field}.notices`);
  const interval = seconds(terms.linkTestIntervalSeconds, `${field}.linkTestIntervalSeconds`);
  const answer = seconds(terms.linkTestAnswerSeconds, `${field}.linkTestAnswerSeconds`);
  if (answer >= interval) throw invalid('link_test_answer_too_long', `${field}.linkTestAnswerSeconds`, 'must be shorter than the link-test interval');
  return {
    ackDeadlineSeconds: Object.fromEntries(PRECEDENCES.map((p) => [p, seconds(ack[p], `${field}.ackDeadlineSeconds.${p}`)])) as DialogueTerms['ackDeadlineSeconds'],
    linkTestIntervalSeconds: interval,
    linkTestAnswerSeconds: answer,
    talkRequestResponseSeconds: seconds(terms.talkRequestResponseSeconds, `${field}.talkRequestResponseSeconds`),
    queryAnswerSeconds: seconds(terms.queryAnswerSeconds, `${field}.queryAnswerSeconds`),
    notices: Object.fromEntries(NOTICE_TYPES.map((t) => [t, noticeTerms(notices[t], `${field}.notices.${t}`)])) as DialogueTerms['notices'],
    ...(floor === undefined ? {} : { floor: checkFloorRules(floor, `${field}.floor`) }),
  };
}
