/**
 * The evidence of forks this node holds for one dialogue, as members of its parties read it
 * (GET /dialogues/:id/record/forks, the web app's Record page): two signed events of one
 * party with the same `seq` (kept by the inbox) and two checkpoints of one log that are not
 * consistent (kept by the witness and the replicator) — and the fork reports on the record,
 * which any party's node may have recorded (they replicate, so the forked party's node shows
 * the report of the node that caught it). A forked node often cannot apply that report: it
 * `seen`s events of the branch the forked node lost (restored from an old backup), so it
 * waits in the inbox's pending table; its signature was verified before it was kept there,
 * so it is shown too, marked as waiting. It is evidence about the shared record, so every
 * party of the dialogue may see all of it; nothing private is in it.
 */
import { evolveForkReport, FORK_REPORTED, type ForkReportState } from '../domain/index.js';
import { allAggregates } from '../node/index.js';
import type { EquivocationRecord, Store } from '../node/index.js';
import { parseCheckpoint, type DialogueId } from '../record/index.js';

/** Two different signed events of one party with the same `seq` (the inbox's evidence, without the dialogue it is asked for). */
export type EventFork = Omit<EquivocationRecord, 'dialogue'>;

/** One side of a checkpoint conflict: the signed note as kept, and its size and root when it parses. */
export interface ForkedCheckpoint {
  readonly note: string;
  readonly size: number | null;
  /** Base64 root hash. */
  readonly root: string | null;
}

/** Two checkpoints of one log (origin) that are not consistent. */
export interface CheckpointFork {
  readonly id: string;
  readonly origin: string;
  readonly source: string;
  readonly reason: string;
  /** The checkpoint this node had cosigned. */
  readonly known: ForkedCheckpoint;
  /** The inconsistent one offered later. */
  readonly offered: ForkedCheckpoint;
  /** The consistency proof offered with it (base64 hashes), possibly empty. */
  readonly proof: string[];
  readonly detectedAt: string;
}

/**
 * A `record.fork_reported` event: who reported which fork (src/domain/fork-report). `waiting`
 * names what it waits for when this node holds it verified but cannot apply it yet; null
 * when it is on this node's record.
 */
export type ForkReport = Omit<ForkReportState, 'status'> & { readonly waiting: string | null };

/** Plain lists (the HTTP schema's response type takes them as they are). */
export interface DialogueForks {
  readonly events: EventFork[];
  readonly checkpoints: CheckpointFork[];
  readonly reports: ForkReport[];
}

/** Every fork of `dialogue` this node detected, and every fork report on its record; each list oldest first. */
export async function forksOf(store: Store, dialogue: DialogueId): Promise<DialogueForks> {
  const events = (await store.inbox.equivocations(dialogue)).map(({ dialogue: _dialogue, ...fork }): EventFork => fork);
  // A log's origin is `<node name>/<dialogue id>` (records.origin); dialogue ids hold no '/'.
  const checkpoints = (await store.peers.conflicts())
    .filter((c) => c.origin.endsWith(`/${dialogue}`))
    .map((c) => ({
      id: c.id, origin: c.origin, source: c.source, reason: c.reason,
      known: checkpointSide(c.knownNote), offered: checkpointSide(c.offeredNote), proof: [...c.proof], detectedAt: c.at,
    }));
  const applied: ForkReport[] = (await allAggregates<ForkReportState>(store.aggregates, dialogue, 'fork_report'))
    .map(({ state: { status: _status, ...report } }) => ({ ...report, waiting: null }));
  const waiting: ForkReport[] = (await store.inbox.pending(dialogue))
    .filter((pending) => pending.event.type === FORK_REPORTED)
    .map((pending) => {
      const { event } = pending;
      const { status: _status, ...report } = evolveForkReport(undefined, {
        id: pending.id, index: -1, clock: 0, party: event.party, member: event.member, time: event.time, type: event.type, body: event.body,
      });
      return { ...report, waiting: pending.reason };
    });
  const reports = [...applied, ...waiting].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  return { events, checkpoints, reports };
}

/** The note's tree head, read from its body (the text before the blank line); null parts when it does not parse. */
export function checkpointSide(note: string): ForkedCheckpoint {
  const end = note.indexOf('\n\n');
  try {
    const checkpoint = parseCheckpoint(end < 0 ? note : note.slice(0, end + 1));
    return { note, size: checkpoint.size, root: checkpoint.root.toString('base64') };
  } catch {
    return { note, size: null, root: null };
  }
}
