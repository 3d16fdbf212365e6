/**
 * Commitment state: "party X will do Y by date Z", with its lifecycle and tracking fields.
 * `overdue` is never recorded: it is a fact about the clock, so `statusAt` computes it.
 */
import { dateInstant } from './fields.js';

/** Recorded statuses (what the events say). */
export const COMMITMENT_STATUSES = ['proposed', 'committed', 'delivered', 'confirmed', 'disputed', 'withdrawn'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];
/** Statuses as shown at a given moment: the recorded ones plus the computed `overdue`. */
export type CommitmentStatusAt = CommitmentStatus | 'overdue';

export type Milestone = { date: string; text: { [lang: string]: string }; done: boolean };

/** What the committing party offers as proof: text, links, or both. */
export type Evidence = { text?: { [lang: string]: string }; links?: string[] };

export type CommitmentState = {
  id: string;
  status: CommitmentStatus;
  proposedBy: string;
  proposedAt: string;
  /** null only when the proposal's body was redacted or withheld. */
  workingGroup: string | null;
  meeting: string | null;
  /** The committing party. */
  party: string | null;
  title: { [lang: string]: string } | null;
  description: { [lang: string]: string } | null;
  /** RFC 3339 date or date-time, as proposed; a bare date means by the end of that day, UTC. */
  due: string | null;
  committedAt: string | null;
  /** Integer 0–100, reported by the committing party. */
  progress: number;
  milestones: Milestone[];
  reviewDate: string | null;
  /** External reference, e.g. an id in a party's own tracker. */
  reference: string | null;
  /** Id of the latest `commitment.delivered` event: what a counterpart confirms or disputes. */
  delivery: string | null;
  /** Author time of the latest delivery (the committing party's claim). */
  deliveredAt: string | null;
  evidence: Evidence | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
  disputes: { party: string; delivery: string; reason: string; at: string }[];
  withdrawn: { party: string; reason: string | null; at: string } | null;
  /** Every lifecycle step, for the timeline. */
  history: { type: string; party: string; at: string; reason?: string }[];
  lastActivityAt: string;
};

/**
 * The status at `now`: a committed commitment past its due date is `overdue`. A disputed
 * or proposed one is not: it was never (validly) promised as delivered, nor yet promised.
 */
export function statusAt(state: CommitmentState, now: Date): CommitmentStatusAt {
  if (state.status !== 'committed' || state.due === null) return state.status;
  return now.getTime() > Date.parse(dateInstant(state.due)) ? 'overdue' : 'committed';
}

/** Delivered at or before the due date (by the latest delivery); false when not delivered. */
export function isDeliveredOnTime(state: CommitmentState): boolean {
  if (state.deliveredAt === null || state.due === null) return false;
  return Date.parse(state.deliveredAt) <= Date.parse(dateInstant(state.due));
}
