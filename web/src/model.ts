/**
 * The parts of the API's aggregate states that the pages read (see the `state` of
 * GET /dialogues/:id/working-groups and /commitments; the full types are in src/domain).
 */
import type { Multilingual } from './api.js';

export interface Mandate {
  readonly title: Multilingual;
  readonly topic?: Multilingual;
  readonly goals: readonly Multilingual[];
  readonly protected?: boolean;
}

export interface WorkingGroup {
  readonly id: string;
  readonly status: string;
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly mandate: Mandate | null;
  readonly coChairs: Readonly<Record<string, string>>;
  readonly proposal: string;
  /** Party → the proposal id it accepted. */
  readonly acceptances: Readonly<Record<string, string>>;
  readonly suspendedBy: Readonly<Record<string, { reason: string; at: string }>>;
}

export interface Commitment {
  readonly id: string;
  readonly status: string;
  readonly proposedBy: string;
  readonly party: string | null;
  readonly title: Multilingual | null;
  readonly due: string | null;
  readonly progress: number;
  readonly reference: string | null;
  readonly delivery: string | null;
  readonly evidence: { text?: Multilingual; links?: string[] } | null;
  readonly confirmedBy: string | null;
  readonly confirmedAt: string | null;
  readonly disputes: readonly { party: string; delivery: string; reason: string; at: string }[];
  readonly withdrawn: { party: string; reason: string | null; at: string } | null;
}

/** The statuses the board shows, in lifecycle order (`overdue` is computed by the server). */
export const COMMITMENT_COLUMNS = ['proposed', 'committed', 'overdue', 'delivered', 'confirmed', 'disputed', 'withdrawn'] as const;
