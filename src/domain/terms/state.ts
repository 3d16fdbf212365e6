/** State of one terms proposal: agreed when every party accepted the same proposal id. */
import type { Acceptances } from '../agreement.js';
import type { DialogueTerms } from './terms.js';

export const TERMS_STATUSES = ['proposed', 'agreed', 'rejected', 'withdrawn'] as const;
export type TermsStatus = (typeof TERMS_STATUSES)[number];

export type TermsState = {
  id: string;
  status: TermsStatus;
  proposedBy: string;
  proposedAt: string;
  /** null when the proposal's body was redacted or withheld. */
  terms: DialogueTerms | null;
  acceptances: Acceptances;
  /**
   * Lamport clock of the acceptance that completed the agreement (the same on every node, unlike
   * a log index); the latest agreed terms — by (agreedAt, id) — are in force.
   */
  agreedAt: number | null;
  /** Time of that acceptance. */
  agreedTime: string | null;
  rejection: { party: string; reason: string | null; at: string } | null;
  withdrawal: { reason: string | null; at: string } | null;
};
