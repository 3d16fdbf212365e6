/**
 * `parley verify`: checks a transcript file, or the record held in a node's database, with
 * every core. Structure, chains and hashes are checked in log order on this thread; Ed25519
 * signatures on worker threads. The first failing event (lowest log index) is reported,
 * whichever check found it.
 *
 * A database check also recomputes every stored Merkle node, the log's root and size, and
 * the latest signed checkpoint, so a change made directly in the database is found even where
 * it leaves the events themselves valid.
 */
import {
  appendLeaves, hashLeaf, leafDataOf, nodeKey, openCheckpoint, rootFromFrontier, signatureError,
  TranscriptError, TranscriptVerifier, VerificationError,
  type DialogueId, type TranscriptSummary,
} from '../record/index.js';
import type { Store } from './ports.js';
import type { RecordService } from './record-service.js';
import { SignaturePool } from './signature-pool.js';
import { readTranscriptFile, TranscriptSyntaxError } from './transcript-reader.js';

export interface VerifyOptions {
  /** Worker threads for signatures (default: one per core). */
  readonly threads?: number;
}

/** Runs event checks here and signature checks on the pool; reports the earliest failure. */
class ParallelCheck {
  readonly pool: SignaturePool;
  constructor(options: VerifyOptions) {
    this.pool = new SignaturePool(options.threads);
  }

  /** Checks one event; returns a promise only while the signature workers are all busy. */
  add(verifier: TranscriptVerifier, raw: unknown): Promise<void> | undefined {
    const task = verifier.add(raw);
    return task ? this.pool.add(task) : undefined;
  }

  /** Waits for the signatures; throws the earliest failure among them and `structural`. */
  async settle(structural?: unknown): Promise<void> {
    const failed = await this.pool.drain();
    await this.pool.close();
    const firstSignature = failed[0];
    const structuralIndex = structural instanceof TranscriptError ? structural.index : undefined;
    if (firstSignature && (structural === undefined || structuralIndex === undefined || firstSignature.index < structuralIndex)) {
      throw signatureError(firstSignature);
    }
    if (structural !== undefined) throw structural;
  }
}

/** Verifies a transcript file, streaming; throws TranscriptError naming the first bad event. */
export async function verifyTranscriptFile(path: string, options: VerifyOptions = {}): Promise<TranscriptSummary> {
  const header: Record<string, unknown> = {};
  let verifier: TranscriptVerifier | undefined;
  let checkpoint: unknown;
  const check = new ParallelCheck(options);
  try {
    await readTranscriptFile(path, {
      field(name, value) {
        if (name === 'checkpoint') checkpoint = value;
        else if (verifier) throw new TranscriptError('transcript_malformed', `field "${name}" must come before "events"`);
        else header[name] = value;
      },
      event(raw) {
        verifier ??= new TranscriptVerifier(header, { signatures: 'deferred' });
        return check.add(verifier, raw);
      },
    });
    verifier ??= new TranscriptVerifier(header, { signatures: 'deferred' });
  } catch (error) {
    await check.settle(error instanceof TranscriptSyntaxError ? new TranscriptError('transcript_malformed', error.message) : error);
  }
  await check.settle();
  if (typeof checkpoint !== 'string') throw new TranscriptError('transcript_malformed', 'checkpoint: must be a signed note string');
  return verifier!.finish(checkpoint);
}

/** Verifies the record of one dialogue as stored in the database. */
export async function verifyStoredDialogue(
  store: Store, records: RecordService, dialogue: DialogueId, options: VerifyOptions = {},
): Promise<TranscriptSummary & { checkpointSize: number }> {
  const log = await store.log(dialogue);
  const latest = await store.latestCheckpoint(dialogue);
  const record = await store.dialogue(dialogue);
  const parties = [];
  for (const id of record?.parties ?? []) {
    const party = await store.party(id);
    if (party) parties.push({ id: party.id, name: { ...party.name }, publicKey: party.publicKey.toString('base64') });
  }
  const verifier = new TranscriptVerifier(
    { format: 'parley-transcript/1', origin: records.origin(dialogue), parties, logKey: records.logKey() },
    { signatures: 'deferred' },
  );
  const check = new ParallelCheck(options);
  let frontier: Buffer[] = [];
  let size = 0;
  let checkpointRoot: Buffer | undefined;
  try {
    const PAGE = 2000;
    for (let from = 0; ; from += PAGE) {
      const page = await store.events(dialogue, from, PAGE);
      for (const stored of page) {
        if (stored.index !== size) {
          throw new TranscriptError('log_index_gap', 'stored log indexes must be consecutive', {
            index: size, expected: String(size), actual: String(stored.index),
          });
        }
        const pending = check.add(verifier, stored.event);
        if (pending) await pending;
        size++;
      }
      if (page.length === 0) break;
      const leafHashes = page.map((s) => hashLeaf(leafDataOf(s.event)));
      if (latest && latest.size > from && latest.size <= from + page.length) {
        checkpointRoot = rootFromFrontier(appendLeaves(from, frontier, leafHashes.slice(0, latest.size - from)).frontier);
      }
      const appended = appendLeaves(from, frontier, leafHashes);
      frontier = appended.frontier;
      const stored = await store.merkleNodes(dialogue, appended.nodes);
      for (const node of appended.nodes) {
        const hash = stored.get(nodeKey(node));
        if (!hash || !hash.equals(node.hash)) {
          throw new VerificationError('merkle_node_mismatch', `stored Merkle node level ${node.level} index ${node.index} is not the hash of the events`, {
            expected: node.hash.toString('base64'), actual: hash?.toString('base64') ?? 'missing',
          });
        }
      }
    }
  } catch (error) {
    await check.settle(error);
  }
  await check.settle();
  const root = rootFromFrontier(frontier);
  if (size !== log.size || !root.equals(log.root)) {
    throw new VerificationError('log_state_mismatch', 'the stored log size and root are not those of the stored events', {
      expected: `${size} ${root.toString('base64')}`, actual: `${log.size} ${log.root.toString('base64')}`,
    });
  }
  if (latest) {
    const cp = openCheckpoint(latest.note, records.logKey(), records.origin(dialogue));
    const expectedRoot = latest.size === 0 ? rootFromFrontier([]) : checkpointRoot;
    if (cp.size !== latest.size || !expectedRoot || !cp.root.equals(expectedRoot)) {
      throw new VerificationError('checkpoint_root_mismatch', `the signed checkpoint at size ${cp.size} does not match the stored events`, {
        expected: expectedRoot?.toString('base64'), actual: cp.root.toString('base64'),
      });
    }
  }
  const summary = latest && latest.size === size ? verifier.finish(latest.note) : { ...verifier.progress(), checkpointSigner: '' };
  return { ...summary, checkpointSize: latest?.size ?? 0 };
}
