/**
 * An incident report: an unplanned encounter at sea or in the air. Each party files its own
 * account of the same incident — the first report creates it, the others add theirs — and
 * may revise only its own. The accounts sit side by side; where they differ on a fact
 * (time, position, domain, closest approach) that difference is shown, not resolved.
 */
import type { Position } from '../geo.js';

/** `reported` while some party has not filed its account; `accounted` once every party has. */
export const INCIDENT_STATUSES = ['reported', 'accounted'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const INCIDENT_DOMAINS = ['sea', 'air'] as const;
export type IncidentDomain = (typeof INCIDENT_DOMAINS)[number];

type Text = { [lang: string]: string };

/** A unit involved, named by the party it belongs to ("HMS Example", "J-11 pair"). */
export type Unit = { party: string; name: string; type?: string };

/** One party's account, as filed. */
export type Account = {
  time: string;
  position: Position;
  domain: IncidentDomain;
  units: Unit[];
  /** Closest point of approach, whole metres. */
  cpaMetres: number;
  narrative: Text;
};

export type IncidentState = {
  id: string;
  status: IncidentStatus;
  reportedBy: string;
  reportedAt: string;
  /** Party → its current account (null when that event's body was withheld), its event, revision and time. */
  accounts: { [party: string]: { account: Account | null; event: string; revision: number; at: string } };
  /** Facts on which the accounts differ: `time`, `position`, `domain`, `cpaMetres`. */
  differences: string[];
  lastActivityAt: string;
};
