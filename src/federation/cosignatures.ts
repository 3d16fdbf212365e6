/**
 * What `parley verify --data` shows about witnessing: the cosignatures peers returned on
 * this node's checkpoints, each re-verified against the peer's pinned witness key over the
 * checkpoint it signs, and the evidence of forked logs this node kept as a witness.
 */
import type { CheckpointConflict } from '../node/peer-ports.js';
import type { RecordService, Store } from '../node/index.js';
import { formatCheckpoint, openCheckpoint, openCosignatures, parseCosignerKey, type DialogueId } from '../record/index.js';

export interface VerifiedCheckpointCosignature {
  readonly cosigner: string;
  /** The checkpoint size it covers. */
  readonly size: number;
  /** When the witness signed it (ISO 8601). */
  readonly time: string;
}

/**
 * For each cosigner, its cosignature on the largest checkpoint it cosigned, verified.
 * Throws VerificationError `cosignature_invalid` for a stored line that does not verify.
 */
export async function verifiedCosignatures(store: Store, records: RecordService, dialogue: DialogueId): Promise<VerifiedCheckpointCosignature[]> {
  const result: VerifiedCheckpointCosignature[] = [];
  for (const peer of await store.peers.peers()) {
    const size = await store.peers.latestCosignedSize(dialogue, peer.name);
    if (size === undefined) continue;
    const line = (await store.peers.cosignatures(dialogue, size)).find((c) => c.cosigner === peer.name);
    const checkpoint = await store.checkpointAt(dialogue, size);
    if (line === undefined || checkpoint === undefined) continue;
    const body = formatCheckpoint(openCheckpoint(checkpoint.note, records.logKey(), records.origin(dialogue)));
    const [verified] = openCosignatures(`${body}\n${line.line}\n`, [parseCosignerKey(peer.cosignerKey)]);
    if (verified === undefined) continue;
    result.push({ cosigner: peer.name, size, time: new Date(verified.timestamp * 1000).toISOString() });
  }
  return result;
}

/** Evidence of logs that forked (kept by this node as a witness). */
export function checkpointConflicts(store: Store): Promise<CheckpointConflict[]> {
  return store.peers.conflicts();
}
