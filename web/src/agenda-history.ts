/**
 * Which party accepted which agenda version, from the meeting's history of events: the state
 * keeps only the acceptances of the current version (an amendment drops the others), but
 * the record keeps every step, so the room can show that Boreas accepted version 1 and
 * Aurelia version 2. Proposing or amending a version is its proposer's acceptance.
 */
import type { Meeting } from './model.js';

export interface AgendaVersion {
  readonly version: number;
  readonly proposedBy: string;
  readonly at: string;
  /** Parties in the order they accepted this version, the proposer first. */
  readonly acceptedBy: readonly { party: string; at: string }[];
}

export function agendaVersions(history: Meeting['history']): AgendaVersion[] {
  const versions: { version: number; proposedBy: string; at: string; acceptedBy: { party: string; at: string }[] }[] = [];
  for (const step of history) {
    if (step.type === 'meeting.agenda_proposed' || step.type === 'meeting.agenda_amended') {
      versions.push({ version: versions.length + 1, proposedBy: step.party, at: step.at, acceptedBy: [{ party: step.party, at: step.at }] });
    } else if (step.type === 'meeting.agenda_accepted' && versions.length > 0) {
      versions.at(-1)!.acceptedBy.push({ party: step.party, at: step.at });
    }
  }
  return versions;
}
