/**
 * Readout state: one party's published account of one meeting. Drafts never reach the
 * shared record (the node keeps them privately); a revision supersedes the content but the
 * superseded versions stay visible, so nobody can quietly rewrite what they said.
 */

export const READOUT_STATUSES = ['published'] as const;
export type ReadoutStatus = (typeof READOUT_STATUSES)[number];

/** What a readout says about one agenda item (by its index in the meeting's agenda). */
export type ReadoutItem = { item: number; text: { [lang: string]: string } };

/** One version of the content: the event that carried it, when and by whom. */
export type ReadoutVersion = {
  version: string;
  at: string;
  member: string | null;
  /** null when the carrying event's body was withheld or redacted. */
  items: ReadoutItem[] | null;
  general: { [lang: string]: string } | null;
};

export type ReadoutState = {
  id: string;
  status: ReadoutStatus;
  /** The meeting it reports on; null when the publishing body was withheld. */
  meeting: string | null;
  /** The author party: a readout is always one side's own account. */
  party: string;
  publishedAt: string;
  publishedBy: string | null;
  /** Current content (the latest version): the event that carried it, when and by whom. */
  version: string;
  versionAt: string;
  versionBy: string | null;
  items: ReadoutItem[] | null;
  general: { [lang: string]: string } | null;
  /** Superseded versions, oldest first. */
  previous: ReadoutVersion[];
};
