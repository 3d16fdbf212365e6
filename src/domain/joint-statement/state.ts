/**
 * Joint statement state: a text every party signs. Each revision is a new version with its
 * own id, and only signatures of the current version count — agreed means every party's
 * principal signed that same version.
 */
import type { Acceptances } from '../agreement.js';

export const JOINT_STATEMENT_STATUSES = ['proposed', 'agreed', 'withdrawn'] as const;
export type JointStatementStatus = (typeof JOINT_STATEMENT_STATUSES)[number];

export type StatementVersion = {
  /** The id of the event that proposed this text: what principals sign. */
  id: string;
  party: string;
  at: string;
  /** null when the proposing event's body was withheld or redacted. */
  text: { [lang: string]: string } | null;
  authentic: string[];
};

export type JointStatementState = {
  id: string;
  status: JointStatementStatus;
  proposedBy: string;
  proposedAt: string;
  meeting: string | null;
  workingGroup: string | null;
  /** The version to sign: the last one proposed. */
  version: string;
  /** Every version in order, the current one last. */
  versions: StatementVersion[];
  /** Party → version id it signed (older signatures stay visible, but no longer count). */
  signatures: Acceptances;
  /** Who signed for each party and when, latest signature per party. */
  signers: { [party: string]: { member: string | null; at: string; version: string } };
  agreedAt: string | null;
  withdrawn: { party: string; at: string; reason: string | null } | null;
  lastActivityAt: string;
};
