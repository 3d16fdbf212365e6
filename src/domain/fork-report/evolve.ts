/** How a fork report becomes state. Pure and tolerant of a withheld or odd body: replay never fails. */
import type { RecordedEvent } from '../recorded.js';
import type { ForkReportState } from './state.js';

type Body = { [key: string]: unknown };

const text = (value: unknown) => (typeof value === 'string' ? value : null);
const number = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) ? value : null);
const pair = <T>(value: unknown, item: (v: unknown) => T | null): T[] | null => {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const items = value.map(item);
  return items.every((v) => v !== null) ? (items as T[]) : null;
};

export function evolveForkReport(state: ForkReportState | undefined, event: RecordedEvent): ForkReportState {
  if (event.type !== 'record.fork_reported') return state as ForkReportState; // nothing changes a report
  const body = (event.body ?? {}) as Body;
  const evidence = (typeof body.evidence === 'object' && body.evidence !== null ? body.evidence : {}) as Body;
  const kind = evidence.kind === 'event' || evidence.kind === 'checkpoint' ? evidence.kind : null;
  return {
    id: event.id, status: 'reported', party: event.party, member: event.member, at: event.time, kind,
    forkedParty: kind === 'event' ? text(evidence.party) : null,
    seq: kind === 'event' ? number(evidence.seq) : null,
    events: kind === 'event' ? pair(evidence.events, text) : null,
    origin: kind === 'checkpoint' ? text(evidence.origin) : null,
    sizes: kind === 'checkpoint' ? pair(evidence.sizes, number) : null,
    roots: kind === 'checkpoint' ? pair(evidence.roots, text) : null,
    source: text(body.source), reason: text(body.reason),
  };
}
