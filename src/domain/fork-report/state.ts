/**
 * A fork report: a party's node put on the shared record that it holds proof of a fork — two
 * different signed events of one party with the same sequence number, or two checkpoints of
 * one log that are not consistent — so every party's node (the forked one too, once the
 * report replicates) shows it, not only the parties hosted where it was detected. The proof
 * itself (both signed envelopes or notes) stays in the detecting node's evidence tables; the
 * report names it by ids, sizes and roots, which anyone holding the record can check.
 */

export const FORK_REPORT_STATUSES = ['reported'] as const;
export type ForkReportStatus = (typeof FORK_REPORT_STATUSES)[number];

export type ForkReportState = {
  id: string;
  status: ForkReportStatus;
  /** The reporting party (its node detected the fork). */
  party: string;
  member: string | null;
  at: string;
  /** `event` (equivocation) or `checkpoint` (inconsistent checkpoints); null only if this report's body were withheld. */
  kind: 'event' | 'checkpoint' | null;
  /** For `event`: the party that signed both events, the seq, and the ids [kept, other]. */
  forkedParty: string | null;
  seq: number | null;
  events: string[] | null;
  /** For `checkpoint`: the log's origin, the sizes and base64 roots [cosigned, offered]. */
  origin: string | null;
  sizes: number[] | null;
  roots: string[] | null;
  /** The node the contradicting event or checkpoint came from. */
  source: string | null;
  reason: string | null;
};
