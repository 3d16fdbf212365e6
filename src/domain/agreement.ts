/**
 * Agreement = every party's acceptance of the same proposal id on the record (SPEC.md §3).
 * A change after one side accepted is a new proposal with a new id and needs fresh
 * acceptance from everyone.
 */
import type { PartyId } from '../record/index.js';

/** Party → id of the proposal it accepted. */
export type Acceptances = { readonly [party: string]: string };

export function isAgreed(acceptances: Acceptances, proposal: string, parties: readonly PartyId[]): boolean {
  return parties.length > 0 && parties.every((party) => acceptances[party] === proposal);
}

/** Parties that have not yet accepted `proposal`. */
export function awaiting(acceptances: Acceptances, proposal: string, parties: readonly PartyId[]): PartyId[] {
  return parties.filter((party) => acceptances[party] !== proposal);
}
