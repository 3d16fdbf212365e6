/**
 * The node's side of the record: signed checkpoints, inclusion and consistency proofs,
 * transcript export. Proofs are built from O(log n) stored Merkle nodes fetched in one query.
 */
import {
  TRANSCRIPT_FORMAT, buildConsistencyProof, buildInclusionProof, consistencyProofIds, envelopeOf, inclusionProofIds,
  lookupFromMap, rootFromNodes, rootIds, signCheckpoint, verifierKeyString,
  type DialogueId, type Transcript,
} from '../record/index.js';
import { invalid } from '../domain/index.js';
import type { CheckpointRecord, KeyStore, Store } from './ports.js';

export interface InclusionProof {
  readonly index: number;
  readonly size: number;
  readonly leafHash: string;
  readonly hashes: string[];
  readonly checkpoint: string;
}

export interface ConsistencyProof {
  readonly from: number;
  readonly to: number;
  readonly hashes: string[];
  readonly checkpoint: string;
  /** The signed checkpoint at `from`, when this node issued one at that size. */
  readonly fromCheckpoint?: string;
}

export class RecordService {
  constructor(private readonly deps: { store: Store; keys: KeyStore }) {}

  origin(dialogue: DialogueId): string {
    return `${this.deps.keys.nodeName}/${dialogue}`;
  }

  logKey(): string {
    return verifierKeyString(this.deps.keys.nodeName, this.deps.keys.noteKey().publicKey);
  }

  /** The signed checkpoint for the current log, issuing a new one if the log has grown. */
  async checkpoint(dialogue: DialogueId): Promise<CheckpointRecord> {
    const log = await this.deps.store.log(dialogue);
    return this.checkpointAt(dialogue, log.size);
  }

  /** The signed checkpoint for the tree of `size` leaves, issued now if there is none. */
  async checkpointAt(dialogue: DialogueId, size: number): Promise<CheckpointRecord> {
    const existing = await this.deps.store.checkpointAt(dialogue, size);
    if (existing) return existing;
    const ids = rootIds(size);
    const root = rootFromNodes(size, lookupFromMap(await this.deps.store.merkleNodes(dialogue, ids)));
    const note = signCheckpoint(
      { origin: this.origin(dialogue), size, root },
      { name: this.deps.keys.nodeName, key: this.deps.keys.noteKey() },
    );
    const record = { size, note };
    await this.deps.store.putCheckpoint(dialogue, record);
    return record;
  }

  async inclusionProof(dialogue: DialogueId, index: number, size?: number): Promise<InclusionProof> {
    const log = await this.deps.store.log(dialogue);
    const treeSize = size ?? log.size;
    if (!Number.isSafeInteger(treeSize) || treeSize < 1 || treeSize > log.size) {
      throw invalid('size_out_of_range', 'size', `must be between 1 and the log size ${log.size}`);
    }
    if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) {
      throw invalid('index_out_of_range', 'index', `must be between 0 and ${treeSize - 1}`);
    }
    const ids = [...inclusionProofIds(index, treeSize), { level: 0, index }];
    const lookup = lookupFromMap(await this.deps.store.merkleNodes(dialogue, ids));
    const hashes = buildInclusionProof(index, treeSize, lookup).map((h) => h.toString('base64'));
    const { note } = await this.checkpointAt(dialogue, treeSize);
    return { index, size: treeSize, leafHash: lookup({ level: 0, index }).toString('base64'), hashes, checkpoint: note };
  }

  async consistencyProof(dialogue: DialogueId, from: number, to?: number): Promise<ConsistencyProof> {
    const log = await this.deps.store.log(dialogue);
    const toSize = to ?? log.size;
    if (!Number.isSafeInteger(toSize) || toSize < 1 || toSize > log.size) {
      throw invalid('size_out_of_range', 'to', `must be between 1 and the log size ${log.size}`);
    }
    if (!Number.isSafeInteger(from) || from < 1 || from > toSize) {
      throw invalid('size_out_of_range', 'from', `must be between 1 and ${toSize}`);
    }
    const lookup = lookupFromMap(await this.deps.store.merkleNodes(dialogue, consistencyProofIds(from, toSize)));
    const hashes = buildConsistencyProof(from, toSize, lookup).map((h) => h.toString('base64'));
    const { note } = await this.checkpointAt(dialogue, toSize);
    const fromCheckpoint = (await this.deps.store.checkpointAt(dialogue, from))?.note;
    return { from, to: toSize, hashes, checkpoint: note, ...(fromCheckpoint ? { fromCheckpoint } : {}) };
  }

  /**
   * The transcript of ARCHITECTURE.md as a stream of JSON text chunks, so a dialogue of a
   * million events is exported in constant memory. Bodies of `withholdTypes` are left out.
   * The events are exactly those of the log when the export started, and the checkpoint is
   * for exactly that size.
   */
  async *transcriptChunks(dialogue: DialogueId, withholdTypes: readonly string[] = []): AsyncGenerator<string> {
    const { size } = await this.deps.store.log(dialogue);
    const { note } = await this.checkpointAt(dialogue, size);
    const record = await this.deps.store.dialogue(dialogue);
    const parties = [];
    for (const id of record?.parties ?? []) {
      const party = await this.deps.store.party(id);
      if (party) parties.push({ id: party.id, name: { ...party.name }, publicKey: party.publicKey.toString('base64') });
    }
    const withheld = new Set(withholdTypes);
    yield `{"format":${JSON.stringify(TRANSCRIPT_FORMAT)},"origin":${JSON.stringify(this.origin(dialogue))},` +
      `"parties":${JSON.stringify(parties)},"logKey":${JSON.stringify(this.logKey())},"events":[`;
    const PAGE = 2000;
    for (let from = 0; from < size; from += PAGE) {
      const page = await this.deps.store.events(dialogue, from, Math.min(PAGE, size - from));
      let chunk = '';
      for (const { index, event } of page) {
        const shown = withheld.has(event.type) ? envelopeOf(event) : event;
        chunk += (index === 0 ? '\n' : ',\n') + JSON.stringify(shown);
      }
      yield chunk;
    }
    yield `\n],"checkpoint":${JSON.stringify(note)}}\n`;
  }

  /** The whole transcript as an object (for the API and tests; use transcriptChunks for large logs). */
  async transcript(dialogue: DialogueId, withholdTypes: readonly string[] = []): Promise<Transcript> {
    let text = '';
    for await (const chunk of this.transcriptChunks(dialogue, withholdTypes)) text += chunk;
    return JSON.parse(text) as Transcript;
  }
}
