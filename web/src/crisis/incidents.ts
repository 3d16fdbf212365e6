/** Incidents as the incidents page reads them (the `state` of GET /dialogues/:id/incidents; src/domain/incident). */
import type { Multilingual } from '../api.js';
import type { Position } from './notices.js';

export const INCIDENT_DOMAINS = ['sea', 'air'] as const;

export interface Account {
  readonly time: string;
  readonly position: Position;
  readonly domain: string;
  readonly units: readonly { party: string; name: string; type?: string }[];
  readonly cpaMetres: number;
  readonly narrative: Multilingual;
}

export interface Incident {
  readonly id: string;
  readonly status: 'reported' | 'accounted';
  readonly reportedBy: string;
  readonly reportedAt: string;
  /** Party → its current account (null when withheld). */
  /** `revision` counts filings: 1 for the first account, +1 per revision. */
  readonly accounts: Readonly<Record<string, { account: Account | null; event: string; revision: number; at: string }>>;
  /** Facts on which the accounts differ: time, position, domain, cpaMetres. */
  readonly differences: readonly string[];
}

/** The facts compared side by side, in the order shown; `differences` names the first four. */
export const ACCOUNT_FACTS = ['time', 'position', 'domain', 'cpaMetres', 'units', 'narrative'] as const;
export type AccountFact = (typeof ACCOUNT_FACTS)[number];

/** Every position an incident's accounts give, each with its party (the map plots them all). */
export function positionsOf(incident: Incident): { party: string; position: Position }[] {
  return Object.entries(incident.accounts).flatMap(([party, a]) => (a.account ? [{ party, position: a.account.position }] : []));
}
