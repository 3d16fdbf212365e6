/** Working group state: a channel with a mandate, one co-chair per party, and a lifecycle. */
import type { Acceptances } from '../agreement.js';

export const WORKING_GROUP_STATUSES = ['proposed', 'active', 'suspended', 'closed', 'rejected', 'withdrawn'] as const;
export type WorkingGroupStatus = (typeof WORKING_GROUP_STATUSES)[number];

/** The mandate: what the group is for. `goals` are concrete outcomes, not topics. */
export type Mandate = {
  title: { [lang: string]: string };
  topic?: { [lang: string]: string };
  goals: { [lang: string]: string }[];
  /** A protected channel is never to be suspended (SPEC.md §5 "floor"). */
  protected?: boolean;
};

export type WorkingGroupState = {
  id: string;
  status: WorkingGroupStatus;
  proposedBy: string;
  proposedAt: string;
  /** null when the proposal's body was redacted or withheld. */
  mandate: Mandate | null;
  /** Party → co-chair (member id as disclosed to the dialogue). */
  coChairs: { [party: string]: string };
  /** The proposal id everyone must accept (the group's own id until an amendment). */
  proposal: string;
  acceptances: Acceptances;
  rejections: { party: string; proposal: string; reason: string | null; at: string }[];
  /** A pending amendment of the mandate, agreed when every party accepts its id. */
  amendment: { proposal: string; mandate: Mandate; acceptances: Acceptances } | null;
  /** A pending proposal to close, agreed when every party accepts its id. */
  closure: { proposal: string; acceptances: Acceptances } | null;
  /** Parties currently suspending the group, with their reasons. */
  suspendedBy: { [party: string]: { reason: string; at: string } };
  /** Every lifecycle step, for the timeline. */
  history: { type: string; party: string; at: string; reason?: string }[];
  lastActivityAt: string;
};
