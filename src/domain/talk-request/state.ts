/**
 * A request to arrange a call or meeting between named officials. Refused and unanswered
 * requests are what practitioners most need to see (SPEC.md §2), so every ending is kept:
 * `pending` → `accepted` (one of the proposed times) | `declined` | `withdrawn`, or
 * `unanswered` once the response deadline passed — recorded by the requester's node. A
 * response may still come after that; it is recorded and marked late.
 */
export const TALK_REQUEST_STATUSES = ['pending', 'accepted', 'declined', 'unanswered', 'withdrawn'] as const;
export type TalkRequestStatus = (typeof TALK_REQUEST_STATUSES)[number];

export const TALK_FORMATS = ['call', 'meeting'] as const;
export type TalkFormat = (typeof TALK_FORMATS)[number];

type Text = { [lang: string]: string };

/** A named official and their title (titles are translated, names are given as written). */
export type Official = { name: string; title: Text };

export type TalkRequestState = {
  id: string;
  status: TalkRequestStatus;
  requestedBy: string;
  requestedAt: string;
  /** Content; null only when the request's body was withheld. */
  format: TalkFormat | null;
  from: Official[];
  to: Official[];
  proposedTimes: string[];
  subject: Text | null;
  /** The response period of the terms in force (seconds) and the deadline it gave. */
  responseSeconds: number | null;
  deadline: string | null;
  /** The party that responded, how, and whether after the deadline. */
  response: { party: string; at: string; isLate: boolean; time?: string; reason?: string; note?: Text } | null;
  unansweredAt: string | null;
  withdrawn: { at: string; reason?: string } | null;
  lastActivityAt: string;
};
