/** Turning form input into what the API takes: multilingual text and UTC instants. */
import type { Multilingual } from './api.js';

/** English and (optionally) Chinese input as multilingual text; an empty translation is left out, not sent empty. */
export function bilingual(en: string, zh: string): Multilingual {
  return { en: en.trim(), ...(zh.trim() ? { 'zh-Hans': zh.trim() } : {}) };
}

/** Lines of two textareas paired by position: one goal per line, each in both languages. */
export function goalsOf(en: string, zh: string): Multilingual[] {
  const lines = (text: string) => text.split('\n').map((l) => l.trim());
  const zhLines = lines(zh);
  return lines(en).map((line, i) => ({ line, zh: zhLines[i] ?? '' })).filter((g) => g.line !== '')
    .map((g) => bilingual(g.line, g.zh));
}

/** A `datetime-local` input's value, read as UTC (the forms say so), as the API's RFC 3339 instant. */
export function utcInstant(value: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(value) ? `${value}:00Z` : value;
}

/** An RFC 3339 UTC instant as a `datetime-local` input's value. */
export function utcInput(instant: string | null | undefined): string {
  return instant ? instant.slice(0, 16) : '';
}

/**
 * Whether a link from the record may be offered as a link: http and https only. Another
 * node's events are not checked by this node's forms, so a `javascript:` or `data:` link a
 * party put on the record is shown as text, never opened.
 */
export function isOpenableLink(link: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(link);
}
