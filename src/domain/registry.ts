/**
 * Every aggregate kind of the dialogue domain. The store's aggregate projection applies
 * each recorded event to the kinds that handle its type; adding a kind here is all it takes
 * for its state to be projected, rebuilt and queryable.
 */
import type { AggregateKind } from './aggregate.js';
import { assurances } from './assurance/index.js';
import { commitments } from './commitment/index.js';
import { contextEvents } from './context/index.js';
import { hotlineCalls } from './hotline/index.js';
import { hotlineLinks } from './hotline-link/index.js';
import { incidents } from './incident/index.js';
import { jointStatements } from './joint-statement/index.js';
import { meetings } from './meeting/index.js';
import { notices } from './notice/index.js';
import { queries } from './query/index.js';
import { talkRequests } from './talk-request/index.js';
import { messages } from './message/index.js';
import { readouts } from './readout/index.js';
import { redactions } from './redaction/index.js';
import { forkReports } from './fork-report/index.js';
import { dialogueTerms } from './terms/index.js';
import { workingGroups } from './working-group/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous list of kinds
export type AnyAggregateKind = AggregateKind<any, any>;

export const AGGREGATE_KINDS: readonly AnyAggregateKind[] = [
  workingGroups, meetings, commitments, messages, readouts, jointStatements, contextEvents, redactions,
  talkRequests, queries, notices, assurances, incidents,
  dialogueTerms, hotlineCalls, hotlineLinks, forkReports,
];

const BY_EVENT_TYPE: ReadonlyMap<string, readonly AnyAggregateKind[]> = (() => {
  const map = new Map<string, AnyAggregateKind[]>();
  for (const kind of AGGREGATE_KINDS) {
    for (const type of [...kind.creates, ...kind.changes]) map.set(type, [...(map.get(type) ?? []), kind]);
  }
  return map;
})();

/** The kinds whose state an event of `type` changes. */
export function kindsForEventType(type: string): readonly AnyAggregateKind[] {
  return BY_EVENT_TYPE.get(type) ?? [];
}

export function aggregateKind(kind: string): AnyAggregateKind | undefined {
  return AGGREGATE_KINDS.find((k) => k.kind === kind);
}

/**
 * Event types whose body a redaction may delete: the creating events of every kind (they
 * carry the content, aggregate.ts) except the record's account of itself — a redaction says
 * what was removed and why, a fork report is evidence. A changing event's body names its
 * target, so deleting it would leave the projection unable to apply it.
 */
export const REDACTABLE_EVENT_TYPES: readonly string[] = AGGREGATE_KINDS
  .filter((kind) => kind.kind !== 'redaction' && kind.kind !== 'fork_report')
  .flatMap((kind) => [...kind.creates]);
