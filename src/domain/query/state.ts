/**
 * A query about unusual activity: one party asks another to explain an activity; the answer
 * is due within the period of the terms in force (OSCE practice: 48 h). Unanswered past the
 * deadline, the asking party's node records the escalation and proposes a meeting of the
 * working group the query names. An answer is still recorded after that, marked late.
 */
import type { Area } from '../geo.js';

/** `open` → `answered` | `escalated` (→ `answered`, late) | `withdrawn`. */
export const QUERY_STATUSES = ['open', 'answered', 'escalated', 'withdrawn'] as const;
export type QueryStatus = (typeof QUERY_STATUSES)[number];

type Text = { [lang: string]: string };

export type QueryState = {
  id: string;
  status: QueryStatus;
  askedBy: string;
  askedAt: string;
  /** Content; null only when the query's body was withheld. */
  subject: Text | null;
  description: Text | null;
  area: Area | null;
  window: { start: string; end: string } | null;
  /** The working group whose meeting an escalation proposes. */
  workingGroup: string | null;
  /** The answer period of the terms in force (seconds) and the deadline it gave. */
  answerSeconds: number | null;
  deadline: string | null;
  answer: { party: string; at: string; text: Text | null; isLate: boolean } | null;
  /** Set when the deadline passed unanswered; `meeting` is the proposed meeting's id. */
  escalation: { at: string; meeting: string | null } | null;
  withdrawn: { at: string; reason?: string } | null;
  lastActivityAt: string;
};
