/**
 * Context event state: something that happened around the dialogue (a visit, a summit, an
 * incident in the news, a suspension), dated and sourced, so the timeline shows why the
 * dialogue moved as it did. Corrections replace fields but keep what was said before.
 */

export const CONTEXT_CATEGORIES = [
  'visit', 'summit', 'meeting', 'statement', 'agreement', 'incident', 'exercise', 'suspension', 'other',
] as const;
export type ContextCategory = (typeof CONTEXT_CATEGORIES)[number];

export const CONTEXT_EVENT_STATUSES = ['recorded', 'corrected'] as const;
export type ContextEventStatus = (typeof CONTEXT_EVENT_STATUSES)[number];

export type ContextSource = { text: { [lang: string]: string }; url?: string };

/** The fields a recording carries and a correction may change. */
export type ContextFields = {
  title: { [lang: string]: string };
  /** RFC 3339 full-date (2026-03-01) or UTC date-time (2026-03-01T09:00:00.000Z). */
  date: string;
  category: ContextCategory;
  source: ContextSource;
  description?: { [lang: string]: string };
};

export type ContextEventState = {
  id: string;
  status: ContextEventStatus;
  recordedBy: string;
  recordedAt: string;
  /** null when the recording's body was withheld or redacted; corrections then fill in what they name. */
  fields: Partial<ContextFields> | null;
  /** Every correction with the fields it changed and their values before. */
  corrections: { id: string; at: string; reason: string | null; changed: string[]; before: Partial<ContextFields> }[];
};
