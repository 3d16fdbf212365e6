/**
 * This node as a witness of other nodes' logs (C2SP tlog-witness `add-checkpoint`, with
 * C2SP tlog-cosignature v1 signatures by the node's witness key). A log is known when its
 * origin is `<pinned peer>/<dialogue>` and it is signed by that peer's pinned note key. A
 * checkpoint is cosigned only if it is consistent with the last one this node cosigned for
 * that origin; the check and the update are one compare-and-set, so two concurrent requests
 * can never roll the witnessed size back. A checkpoint that contradicts the witnessed one
 * (same size, other root; or a consistency proof that does not verify) is kept with the one
 * it contradicts as evidence (`checkpoint_conflicts`).
 */
import { randomUUID } from 'node:crypto';
import type { LiveBus } from '../node/live.js';
import type { ParleyNode } from '../node/index.js';
import type { Clock, KeyStore, Store } from '../node/ports.js';
import { recordCheckpointConflict } from './alerts.js';
import {
  VerificationError, cosignatureLine, decodeBase64, formatCheckpoint, openCheckpoint, verifyConsistency, type OpenedCheckpoint,
} from '../record/index.js';

/** The most proof lines a request may carry (C2SP tlog-witness). */
const MAX_PROOF_LINES = 63;

export interface WitnessDeps {
  readonly name: string;
  readonly keys: KeyStore;
  readonly store: Store;
  readonly clock: Clock;
  /** Where hosted parties are alerted of a forked log (optional). */
  readonly live?: LiveBus | undefined;
  /** Records `record.fork_reported` for a forked log (optional; alerts.ts). */
  readonly node?: ParleyNode | undefined;
}

export type AddCheckpointResult =
  | { readonly status: 200; readonly cosignatures: string }
  | { readonly status: 409; readonly knownSize: number; readonly code: 'old_size_mismatch' | 'root_mismatch'; readonly detail: string }
  | { readonly status: 400 | 403 | 404 | 422; readonly code: string; readonly detail: string };

export interface AddCheckpointRequest {
  readonly oldSize: number;
  readonly proof: readonly Buffer[];
  readonly note: string;
}

/** Parses an add-checkpoint body: `old <size>`, proof lines, an empty line, the checkpoint note. */
export function parseAddCheckpoint(text: string): AddCheckpointRequest | { error: string } {
  const blank = text.indexOf('\n\n');
  if (blank < 0) return { error: 'the body is an old size line, proof lines, an empty line and a checkpoint' };
  const head = text.slice(0, blank).split('\n');
  const note = text.slice(blank + 2);
  const old = /^old (0|[1-9][0-9]{0,15})$/.exec(head[0] ?? '');
  if (!old) return { error: 'the first line must be "old <size>" (decimal, no leading zeros)' };
  const oldSize = Number(old[1]);
  if (!Number.isSafeInteger(oldSize)) return { error: 'old size is too large' };
  const proofLines = head.slice(1);
  if (proofLines.length > MAX_PROOF_LINES) return { error: `at most ${MAX_PROOF_LINES} consistency proof lines` };
  const proof: Buffer[] = [];
  for (const line of proofLines) {
    const hash = decodeBase64(line);
    if (hash === undefined || hash.length !== 32) return { error: `proof line ${JSON.stringify(line.slice(0, 60))} is not a base64 32-byte hash` };
    proof.push(hash);
  }
  return { oldSize, proof, note };
}

/** The add-checkpoint body a log sends (the client side of the protocol). */
export function formatAddCheckpoint(request: AddCheckpointRequest): string {
  return [`old ${request.oldSize}`, ...request.proof.map((h) => h.toString('base64'))].join('\n') + '\n\n' + request.note;
}

/** Handles one add-checkpoint request from `source` (the signed requester's node name). */
export async function addCheckpoint(deps: WitnessDeps, source: string, body: string): Promise<AddCheckpointResult> {
  const request = parseAddCheckpoint(body);
  if ('error' in request) return { status: 400, code: 'add_checkpoint_malformed', detail: request.error };
  const firstLine = request.note.slice(0, request.note.indexOf('\n'));
  const slash = firstLine.indexOf('/');
  const logNode = slash > 0 ? firstLine.slice(0, slash) : '';
  const peer = logNode === '' || logNode === deps.name ? undefined : await deps.store.peers.peer(logNode);
  if (peer === undefined) return { status: 404, code: 'log_unknown', detail: `origin ${JSON.stringify(firstLine.slice(0, 200))} is not the log of a pinned peer` };

  let checkpoint: OpenedCheckpoint;
  try {
    checkpoint = openCheckpoint(request.note, peer.noteKey);
  } catch (error) {
    const code = error instanceof VerificationError ? error.code : 'checkpoint_malformed';
    if (code === 'note_malformed' || code === 'checkpoint_malformed') return { status: 400, code, detail: (error as Error).message };
    return { status: 403, code: 'checkpoint_signature_invalid', detail: `no signature by ${peer.name}'s pinned note key verifies: ${(error as Error).message}` };
  }
  if (request.oldSize > checkpoint.size) {
    return { status: 400, code: 'old_size_too_large', detail: `old size ${request.oldSize} is larger than the checkpoint size ${checkpoint.size}` };
  }

  const known = await deps.store.peers.witnessed(checkpoint.origin);
  const knownSize = known?.size ?? 0;
  if (request.oldSize !== knownSize) {
    return { status: 409, knownSize, code: 'old_size_mismatch', detail: `the latest checkpoint cosigned for ${checkpoint.origin} has size ${knownSize}` };
  }
  const evidence = async (reason: string) => {
    if (known === undefined) return;
    await recordCheckpointConflict(deps, {
      id: randomUUID(), origin: checkpoint.origin, source, reason, knownNote: known.note, offeredNote: request.note,
      proof: request.proof.map((h) => h.toString('base64')), at: deps.clock.now().toISOString(),
    });
  };
  if (known !== undefined && checkpoint.size === known.size && !checkpoint.root.equals(known.root)) {
    await evidence('same size, different root');
    return { status: 409, knownSize, code: 'root_mismatch', detail: `a checkpoint of size ${known.size} with another root was cosigned for ${checkpoint.origin}: both are kept as evidence` };
  }
  if (known !== undefined) {
    try {
      verifyConsistency(known.size, checkpoint.size, request.proof, known.root, checkpoint.root);
    } catch (error) {
      await evidence(`inconsistent with the cosigned checkpoint of size ${known.size}: ${(error as Error).message}`);
      return { status: 422, code: 'consistency_proof_invalid', detail: (error as Error).message };
    }
  } else if (request.proof.length > 0) {
    return { status: 422, code: 'consistency_proof_invalid', detail: 'the proof must be empty when the old size is 0' };
  }

  const now = deps.clock.now();
  const stored = await deps.store.peers.putWitnessed(
    { origin: checkpoint.origin, size: checkpoint.size, root: checkpoint.root, note: request.note, cosignedAt: now.toISOString() },
    known?.size,
  );
  if (!stored) {
    const latest = (await deps.store.peers.witnessed(checkpoint.origin))?.size ?? 0;
    return { status: 409, knownSize: latest, code: 'old_size_mismatch', detail: `another request moved ${checkpoint.origin} to size ${latest} first` };
  }
  const line = cosignatureLine(formatCheckpoint(checkpoint), { name: deps.name, key: deps.keys.witnessKey() }, Math.floor(now.getTime() / 1000));
  return { status: 200, cosignatures: line };
}
