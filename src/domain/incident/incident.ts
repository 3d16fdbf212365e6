/**
 * Incident commands and evolution: `report` creates the incident with the reporter's
 * account; `add_account` files another party's own account of it; `revise_account` changes
 * the actor's party's account only.
 */
import type { AggregateKind, DecideContext } from '../aggregate.js';
import { conflict, invalid, notFound } from '../errors.js';
import { checkPosition } from '../geo.js';
import { checkId } from '../ids.js';
import { checkInstant } from '../meeting/index.js';
import { checkMultilingualText } from '../multilingual.js';
import { authorize } from '../policy.js';
import type { DialogueContext, RecordedEvent } from '../recorded.js';
import { canonicalize, type Json } from '../../record/index.js';
import type { DomainEvent, MultilingualText } from '../types.js';
import { checkIncidentBody } from './body.js';
import { INCIDENT_DOMAINS, type Account, type IncidentDomain, type IncidentState, type Unit } from './state.js';

export const MAX_UNITS = 50;
const MAX_CPA_METRES = 1_000_000;

export interface AccountInput {
  readonly time: string;
  readonly position: unknown;
  readonly domain: IncidentDomain;
  readonly units: readonly { readonly party: string; readonly name: string; readonly type?: string }[];
  readonly cpaMetres: number;
  readonly narrative: MultilingualText;
}

export type IncidentCommand =
  | ({ type: 'report' } & AccountInput)
  | ({ type: 'add_account' } & AccountInput)
  | ({ type: 'revise_account' } & AccountInput);

function checkName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200) throw invalid('unit_invalid', field, 'must be 1–200 characters');
  return value;
}

/**
 * What an account is checked against besides its own fields: the decider's clock and the
 * dialogue's parties. An account from another node is checked without them (it was decided
 * earlier, in a dialogue this check does not see): then a unit's party need only be an id.
 */
export interface AccountFacts {
  readonly now?: Date;
  readonly parties?: readonly string[];
}

/** Checks one party's account; returns a clean copy. `prefix` goes before every field name. */
export function checkAccount(input: AccountInput, facts: AccountFacts, prefix = ''): Account {
  const { now, parties } = facts;
  const time = checkInstant(input.time, `${prefix}time`);
  if (now !== undefined && Date.parse(time) > now.getTime()) throw invalid('time_in_future', `${prefix}time`, 'an incident is reported after it happened');
  if (!(INCIDENT_DOMAINS as readonly string[]).includes(input.domain)) throw invalid('domain_invalid', `${prefix}domain`, `must be one of ${INCIDENT_DOMAINS.join(', ')}`);
  if (!Array.isArray(input.units) || input.units.length === 0 || input.units.length > MAX_UNITS) {
    throw invalid('units_invalid', `${prefix}units`, `name 1 to ${MAX_UNITS} units involved, each with its party`);
  }
  const units = input.units.map((unit, i): Unit => {
    const field = `${prefix}units[${i}]`;
    if (parties === undefined) checkId(unit?.party, `${field}.party`, 'party_unknown');
    else if (!parties.includes(unit?.party as never)) throw invalid('party_unknown', `${field}.party`, `must be a party of the dialogue: ${parties.join(', ')}`);
    const checked: Unit = { party: unit.party, name: checkName(unit.name, `${field}.name`) };
    if (unit.type !== undefined) checked.type = checkName(unit.type, `${field}.type`);
    return checked;
  });
  if (typeof input.cpaMetres !== 'number' || !Number.isSafeInteger(input.cpaMetres) || input.cpaMetres < 0 || input.cpaMetres > MAX_CPA_METRES) {
    throw invalid('cpa_invalid', `${prefix}cpaMetres`, `closest point of approach in whole metres, 0 to ${MAX_CPA_METRES}`);
  }
  return {
    time, position: checkPosition(input.position, `${prefix}position`), domain: input.domain, units, cpaMetres: input.cpaMetres,
    narrative: { ...checkMultilingualText(input.narrative ?? {}, `${prefix}narrative`) },
  };
}

export function decideIncident(command: IncidentCommand, state: IncidentState | undefined, ctx: DecideContext): DomainEvent[] {
  authorize(ctx.actor, 'incident.report');
  const { type, ...input } = command;
  const account = checkAccount(input, { now: ctx.now, parties: ctx.dialogue.parties }) as unknown as { [key: string]: Json };
  if (type === 'report') return [{ type: 'incident.reported', body: account }];
  if (!state) throw notFound('incident_not_found', 'no such incident', 'target');
  const own = state.accounts[ctx.actor.party];
  switch (type) {
    case 'add_account':
      if (own) throw conflict('account_exists', 'your party already filed its account; revise it instead');
      return [{ type: 'incident.account_added', body: { target: state.id, ...account } }];
    case 'revise_account':
      if (!own) throw conflict('no_account', 'your party has not filed an account of this incident; add one (each party revises only its own)');
      if (own.account !== null && canonicalize(own.account as unknown as Json) === canonicalize(account)) throw conflict('account_unchanged', 'this is your current account');
      return [{ type: 'incident.account_revised', body: { target: state.id, ...account } }];
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

const COMPARED = ['time', 'position', 'domain', 'cpaMetres'] as const;

function differences(accounts: IncidentState['accounts']): string[] {
  const filed = Object.values(accounts).flatMap((a) => (a.account ? [a.account] : []));
  return COMPARED.filter((field) => new Set(filed.map((a) => canonicalize(a[field] as unknown as Json))).size > 1);
}

function accountOf(body: unknown): Account | null {
  if (body === undefined || body === null) return null;
  const { target: _target, ...account } = body as { [key: string]: unknown };
  return account as unknown as Account;
}

export function evolveIncident(state: IncidentState | undefined, event: RecordedEvent, dialogue: DialogueContext): IncidentState {
  const filed = { account: accountOf(event.body), event: event.id, at: event.time };
  let next: IncidentState;
  if (event.type === 'incident.reported') {
    next = {
      id: event.id, status: 'reported', reportedBy: event.party, reportedAt: event.time,
      accounts: { [event.party]: { ...filed, revision: 1 } }, differences: [], lastActivityAt: event.time,
    };
  } else {
    if (!state) return state as unknown as IncidentState; // an event for an unknown incident changes nothing
    const previous = state.accounts[event.party];
    const isAdding = event.type === 'incident.account_added';
    if (isAdding === (previous !== undefined)) return state; // one account per party; revisions only of one's own
    next = { ...state, accounts: { ...state.accounts, [event.party]: { ...filed, revision: (previous?.revision ?? 0) + 1 } }, lastActivityAt: event.time };
  }
  next.differences = differences(next.accounts);
  next.status = dialogue.parties.every((p) => next.accounts[p] !== undefined) ? 'accounted' : 'reported';
  return next;
}

export const incidents: AggregateKind<IncidentState, IncidentCommand> = {
  kind: 'incident',
  creates: ['incident.reported'],
  changes: ['incident.account_added', 'incident.account_revised'],
  evolve: evolveIncident,
  decide: decideIncident,
  // `date`: when it happened, by the first report's account.
  index: (state) => ({ status: state.status, party: state.reportedBy, date: state.accounts[state.reportedBy]?.account?.time ?? null }),
  checkBody: checkIncidentBody,
};
