/**
 * What other nodes sent to a dialogue that this node has not applied, for the people who run
 * and staff it (`parley peer inbox`, GET /dialogues/:id/record/inbox, the web app's record
 * page): the oldest events waiting for an earlier one, and the newest refusals still open
 * (docs/federation.md §5). Public, like the record it is about: nothing here is a party's
 * private data.
 */
import type { Store } from '../node/index.js';
import type { DialogueId } from '../record/index.js';
import type { RetriedRefusal } from './inbox.js';

export interface WaitingView {
  readonly party: string;
  readonly seq: number;
  readonly type: string;
  readonly id: string;
  /** The peer node it came from. */
  readonly from: string;
  /** `seq_gap`, `seen_unknown`, … with details. */
  readonly reason: string;
  readonly since: string;
}

export interface RefusedView {
  /** As the event said, when it was whole enough to say it. */
  readonly party?: string;
  readonly seq?: number;
  readonly type?: string;
  readonly from: string;
  readonly reason: string;
  readonly at: string;
}

export interface InboxView {
  readonly waiting: WaitingView[];
  readonly waitingTotal: number;
  /** Newest first. */
  readonly refused: RefusedView[];
  readonly refusedTotal: number;
}

/** At most `limit` of each: the oldest waiting events, the newest open refusals. */
export async function inboxView(store: Store, dialogue: DialogueId, limit: number): Promise<InboxView> {
  // Only what is shown is read: the waiting list and the quarantine may hold thousands.
  const waiting = await store.inbox.pending(dialogue, limit);
  const refused = await store.openRejections(dialogue, { newest: limit });
  return {
    waiting: waiting.map((p) => ({
      party: p.event.party, seq: p.event.seq, type: p.event.type, id: p.id, from: p.source, reason: p.reason, since: p.receivedAt,
    })),
    waitingTotal: await store.inbox.pendingCount(dialogue),
    refused: refused.reverse().map(refusedView),
    refusedTotal: await store.openRejectionCount(dialogue),
  };
}

/**
 * Refusals that name another dialogue or a party outside this one show only their code: the
 * event was sent to the wrong dialogue, and its details (the other dialogue's id, its party,
 * seq and type) are not this dialogue's members' to see.
 */
const OUT_OF_DIALOGUE = new Set(['wrong_dialogue', 'party_not_in_dialogue']);

function refusedView(r: { payload: string; source: string; reason: string; time: string }): RefusedView {
  const code = r.reason.split(':')[0] ?? r.reason;
  if (OUT_OF_DIALOGUE.has(code)) return { from: r.source, reason: code, at: r.time };
  return { ...eventFacts(r.payload), from: r.source, reason: r.reason, at: r.time };
}

/** Party, seq and type of a refused event as received, when it had them. */
function eventFacts(payload: string): { party?: string; seq?: number; type?: string } {
  try {
    const event = JSON.parse(payload) as { party?: unknown; seq?: unknown; type?: unknown } | null;
    return {
      ...(typeof event?.party === 'string' ? { party: event.party } : {}),
      ...(typeof event?.seq === 'number' ? { seq: event.seq } : {}),
      ...(typeof event?.type === 'string' ? { type: event.type } : {}),
    };
  } catch {
    return {};
  }
}

/** What a retry made of one refused event, as shown (`FederationInbox.retryRefused`). */
export interface RetriedView {
  readonly id: string | null;
  readonly status: RetriedRefusal['status'];
  readonly reason?: string;
  readonly from: string;
}

export function retriedView(r: RetriedRefusal): RetriedView {
  return { id: r.id, status: r.status, ...(r.reason !== undefined ? { reason: r.reason } : {}), from: r.source };
}

/** How many retried events had each outcome (only the outcomes that occurred). */
export function retriedCounts(retried: readonly { readonly status: RetriedView['status'] }[]): Partial<Record<RetriedView['status'], number>> {
  const counts: Partial<Record<RetriedView['status'], number>> = {};
  for (const { status } of retried) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
