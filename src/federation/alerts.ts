/**
 * Evidence of a forked log is kept (`checkpoint_conflicts`) and the parties hosted here that
 * are in the dialogue are alerted at once: a private `federation.checkpoint_equivocation`
 * notice on each one's live stream (SSE, webhooks), as the inbox does for two events with the
 * same party and sequence (`federation.equivocation`). With the node at hand, the first
 * hosted party of the dialogue also puts the fork on the shared record
 * (`record.fork_reported`, once per origin, sizes and roots), so the other party learns of it
 * as the report replicates.
 */
import { forkReports, nodeActor, type ForkReportState } from '../domain/index.js';
import { allAggregates, type DialogueRecord, type ParleyNode } from '../node/index.js';
import type { LiveBus } from '../node/live.js';
import type { CheckpointConflict } from '../node/peer-ports.js';
import type { KeyStore, Store } from '../node/ports.js';
import type { DialogueId } from '../record/index.js';
import { checkpointSide } from './forks.js';

export interface ConflictDeps {
  readonly store: Store;
  readonly keys: KeyStore;
  readonly live?: LiveBus | undefined;
  /** Records the fork report; without it the evidence is kept and alerted only. */
  readonly node?: ParleyNode | undefined;
}

/** Keeps the evidence, then alerts the hosted parties of the log's dialogue. */
export async function recordCheckpointConflict(deps: ConflictDeps, conflict: CheckpointConflict): Promise<void> {
  await deps.store.peers.recordConflict(conflict);
  const dialogueId = conflict.origin.slice(conflict.origin.indexOf('/') + 1) as DialogueId;
  const dialogue = await deps.store.dialogue(dialogueId);
  if (!dialogue) return;
  if (deps.node) await reportConflict(deps.node, dialogue, conflict);
  if (deps.live === undefined) return;
  for (const party of dialogue.parties) {
    if (deps.keys.partyKey(party) === undefined) continue;
    deps.live.publish({
      kind: 'private', dialogue: dialogue.id, party, type: 'federation.checkpoint_equivocation', time: conflict.at,
      data: { origin: conflict.origin, source: conflict.source, reason: conflict.reason },
    });
  }
}

async function reportConflict(node: ParleyNode, dialogue: DialogueRecord, conflict: CheckpointConflict): Promise<void> {
  const reporter = dialogue.parties.find((party) => node.keys.partyKey(party) !== undefined);
  const known = checkpointSide(conflict.knownNote);
  const offered = checkpointSide(conflict.offeredNote);
  if (reporter === undefined || known.size === null || known.root === null || offered.size === null || offered.root === null) return;
  const sizes = [known.size, offered.size] as const;
  const roots = [known.root, offered.root] as const;
  const reported = (await allAggregates<ForkReportState>(node.store.aggregates, dialogue.id, 'fork_report')).some(({ state }) =>
    state.kind === 'checkpoint' && state.origin === conflict.origin
    && state.sizes?.join() === sizes.join() && state.roots?.join() === roots.join());
  if (reported) return;
  await node.execute(dialogue.id, (_tx, now) => ({
    party: reporter, member: null, result: () => undefined,
    events: forkReports.decide({
      type: 'report', source: conflict.source, reason: conflict.reason.slice(0, 2000),
      evidence: { kind: 'checkpoint', origin: conflict.origin, sizes, roots },
    }, undefined, { actor: nodeActor(reporter), dialogue: { id: dialogue.id, parties: dialogue.parties }, now }),
  }));
}
