/**
 * Evidence of a forked log is kept (`checkpoint_conflicts`) and the parties hosted here that
 * are in the dialogue are alerted at once: a private `federation.checkpoint_equivocation`
 * notice on each one's live stream (SSE, webhooks), as the inbox does for two events with the
 * same party and sequence (`federation.equivocation`).
 */
import type { LiveBus } from '../node/live.js';
import type { CheckpointConflict } from '../node/peer-ports.js';
import type { KeyStore, Store } from '../node/ports.js';
import type { DialogueId } from '../record/index.js';

export interface ConflictDeps {
  readonly store: Store;
  readonly keys: KeyStore;
  readonly live?: LiveBus | undefined;
}

/** Keeps the evidence, then alerts the hosted parties of the log's dialogue. */
export async function recordCheckpointConflict(deps: ConflictDeps, conflict: CheckpointConflict): Promise<void> {
  await deps.store.peers.recordConflict(conflict);
  if (deps.live === undefined) return;
  const dialogueId = conflict.origin.slice(conflict.origin.indexOf('/') + 1) as DialogueId;
  const dialogue = await deps.store.dialogue(dialogueId);
  if (!dialogue) return;
  for (const party of dialogue.parties) {
    if (deps.keys.partyKey(party) === undefined) continue;
    deps.live.publish({
      kind: 'private', dialogue: dialogue.id, party, type: 'federation.checkpoint_equivocation', time: conflict.at,
      data: { origin: conflict.origin, source: conflict.source, reason: conflict.reason },
    });
  }
}
