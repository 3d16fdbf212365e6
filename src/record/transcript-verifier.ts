/**
 * Incremental transcript verification (SPEC.md §3 "parley verify"): feed events one by one,
 * in log order, then the checkpoint. Memory is O(parties² + log n) plus one id → (party, seq)
 * entry per event, so a million-event transcript streams through. Signatures are checked
 * inline, or handed back as tasks for a worker pool ('deferred').
 *
 * Per event, in this order: shape, dialogue, listed party, not a duplicate, body hash of a
 * present body, signature, `seq`/`prev` chain, `seen` references (earlier in the log, of the
 * named party, never going backwards). Then the RFC 9162 root and the signed checkpoint.
 * The first failure throws a TranscriptError naming the event and the expected/actual values.
 */
import { CanonicalizationError, VerificationError } from './errors.js';
import { bodyHashOf, eventTexts, type SignedEvent } from './event.js';
import { sha256 } from './hash.js';
import { CompactTree, hashLeafText } from './merkle/index.js';
import { openNote } from './note.js';
import { parseCheckpoint } from './checkpoint.js';
import { EventShapeError, parseSignedEvent } from './parse.js';
import { parseTranscriptHeader, TranscriptError, type TranscriptHeader } from './transcript.js';

/** A signature for someone else to check; report a failure with `signatureError(task)`. */
export interface SignatureTask {
  readonly index: number;
  readonly party: string;
  readonly seq: number;
  readonly type: string;
  /** Raw 32-byte Ed25519 public key. */
  readonly publicKey: Buffer;
  readonly message: Buffer;
  readonly signature: Buffer;
}

/** What a verified transcript contains. */
export interface TranscriptSummary {
  readonly origin: string;
  readonly events: number;
  readonly withheld: number;
  readonly perParty: Readonly<Record<string, number>>;
  readonly size: number;
  /** Base64 RFC 9162 root hash. */
  readonly root: string;
  /** Key name of the checkpoint's verified signature. */
  readonly checkpointSigner: string;
  /**
   * The keys the record was verified with, as the transcript gave them: what an auditor must
   * compare with keys obtained out of band (docs/formats.md §7.2; `parley verify --party-key`).
   */
  readonly keys: TranscriptKeys;
}

export interface TranscriptKeys {
  /** Party id → base64 raw Ed25519 public key, in the transcript's party order. */
  readonly parties: Readonly<Record<string, string>>;
  /** The verifier key string of the log's note key (§6.2). */
  readonly log: string;
}

export interface TranscriptVerifierOptions {
  readonly signatures?: 'inline' | 'deferred';
}

interface PartyState {
  readonly id: string;
  seq: number;
  lastId: string | null;
  count: number;
  /** For each other party (by index), the highest seq this party has declared seen. */
  readonly seen: Map<number, number>;
}

/** The error for a signature task that failed to verify. */
export function signatureError(task: SignatureTask): TranscriptError {
  return new TranscriptError('signature_invalid', `signature does not verify with party ${task.party}'s key`, task);
}

export class TranscriptVerifier {
  readonly #header: TranscriptHeader;
  readonly #deferred: boolean;
  readonly #parties: PartyState[];
  readonly #partyIndex = new Map<string, number>();
  /** Event id (32 raw bytes as a latin1 string) → seq × partyCount + party index. */
  readonly #ids = new Map<string, number>();
  readonly #tree = new CompactTree();
  #count = 0;
  #withheld = 0;
  #finished = false;

  constructor(header: unknown, options: TranscriptVerifierOptions = {}) {
    this.#header = parseTranscriptHeader(header);
    this.#deferred = options.signatures === 'deferred';
    this.#parties = this.#header.parties.map(({ id }, i) => {
      this.#partyIndex.set(id, i);
      return { id, seq: 0, lastId: null, count: 0, seen: new Map() };
    });
  }

  /** Verifies the next event; in deferred mode returns its signature to check. */
  add(rawEvent: unknown): SignatureTask | undefined {
    if (this.#finished) throw new TranscriptError('verifier_finished', 'add() after finish()');
    const index = this.#count;
    const event = this.#shape(rawEvent, index);
    // (No closures here: this runs once per event, and each would be allocated every time.)
    const where: Where = { index, party: event.party, seq: event.seq, type: event.type };

    if (event.dialogue !== this.#header.dialogue) {
      fail(where, 'wrong_dialogue', 'event belongs to another dialogue', { expected: this.#header.dialogue, actual: event.dialogue });
    }
    const partyIndex = this.#partyIndex.get(event.party);
    if (partyIndex === undefined) fail(where, 'unknown_party', `party ${event.party} is not listed in the transcript`);
    const party = this.#parties[partyIndex]!;

    let texts: { readonly signing: string; readonly envelope: string };
    try {
      texts = eventTexts(event);
    } catch (error) {
      throw nonCanonical(error, where);
    }
    const message = Buffer.from(texts.signing, 'utf8');
    const id = sha256(message);
    const idKey = id.toString('latin1');
    if (this.#ids.has(idKey)) fail(where, 'duplicate_event', `event ${id.toString('hex')} appears twice`);

    if (event.body === undefined) this.#withheld++;
    else {
      let bodyHash: string;
      try {
        bodyHash = bodyHashOf(event.body);
      } catch (error) {
        throw nonCanonical(error, where);
      }
      if (bodyHash !== event.bodyHash) fail(where, 'body_hash_mismatch', 'body does not match bodyHash', { expected: event.bodyHash, actual: bodyHash });
    }

    const key = this.#header.parties[partyIndex]!.key;
    const signature = Buffer.from(event.sig, 'base64');
    let task: SignatureTask | undefined;
    if (this.#deferred) task = { index, party: event.party, seq: event.seq, type: event.type, publicKey: key.raw, message, signature };
    else if (!key.verify(message, signature)) fail(where, 'signature_invalid', `signature does not verify with party ${event.party}'s key`);

    try {
      if (event.seq !== party.seq + 1) {
        fail(where, 'chain_seq_mismatch', `party ${event.party}'s events must be numbered without gaps`, { expected: String(party.seq + 1), actual: String(event.seq) });
      }
      if (event.prev !== party.lastId) {
        fail(where, 'chain_prev_mismatch', `prev must be party ${event.party}'s previous event`, { expected: party.lastId ?? 'null', actual: event.prev ?? 'null' });
      }
      this.#checkSeen(event, party, where);
    } catch (error) {
      // A forged event fails as a bad signature in both modes: check this one signature now.
      if (task !== undefined && !key.verify(message, signature)) throw signatureError(task);
      throw error;
    }

    this.#tree.appendLeaf(hashLeafText(texts.envelope));
    this.#ids.set(idKey, event.seq * this.#parties.length + partyIndex);
    party.seq = event.seq;
    party.lastId = id.toString('hex');
    party.count++;
    this.#count++;
    return task;
  }

  /** What has been verified so far (before, or instead of, a checkpoint). */
  progress(): Omit<TranscriptSummary, 'checkpointSigner'> {
    const perParty: Record<string, number> = {};
    for (const p of this.#parties) perParty[p.id] = p.count;
    const root = this.#tree.root().toString('base64');
    return { origin: this.#header.origin, events: this.#count, withheld: this.#withheld, perParty, size: this.#count, root, keys: this.#keys() };
  }

  #keys(): TranscriptKeys {
    const parties: Record<string, string> = {};
    for (const { id, key } of this.#header.parties) parties[id] = key.raw.toString('base64');
    return { parties, log: this.#header.logKey };
  }

  /** Checks the signed checkpoint against the events added; returns the summary. */
  finish(checkpointNote: string): TranscriptSummary {
    this.#finished = true;
    if (typeof checkpointNote !== 'string') throw new TranscriptError('checkpoint_malformed', 'checkpoint must be a signed note string');
    let text: string;
    let signer: string;
    try {
      const opened = openNote(checkpointNote, [this.#header.logVerifier]);
      text = opened.text;
      signer = opened.verified[0] as string;
    } catch (error) {
      throw rethrow(error, 'checkpoint: ');
    }
    let cp;
    try {
      cp = parseCheckpoint(text);
    } catch (error) {
      throw rethrow(error, 'checkpoint: ');
    }
    if (cp.origin !== this.#header.origin) {
      throw new TranscriptError('checkpoint_origin_mismatch', 'checkpoint is for another log', { expected: this.#header.origin, actual: cp.origin });
    }
    if (cp.size !== this.#count) {
      throw new TranscriptError('checkpoint_size_mismatch', 'checkpoint tree size is not the number of events', { expected: String(this.#count), actual: String(cp.size) });
    }
    const root = this.#tree.root();
    if (!root.equals(cp.root)) {
      throw new TranscriptError('checkpoint_root_mismatch', 'checkpoint root is not the Merkle root of the events', { expected: root.toString('base64'), actual: cp.root.toString('base64') });
    }
    const perParty: Record<string, number> = {};
    for (const p of this.#parties) perParty[p.id] = p.count;
    return { origin: this.#header.origin, events: this.#count, withheld: this.#withheld, perParty, size: cp.size, root: root.toString('base64'), checkpointSigner: signer, keys: this.#keys() };
  }

  #shape(rawEvent: unknown, index: number): SignedEvent {
    try {
      return parseSignedEvent(rawEvent);
    } catch (error) {
      if (!(error instanceof EventShapeError)) throw error;
      const e = rawEvent as Partial<Record<string, unknown>> | null;
      const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
      const party = str(e?.party);
      const type = str(e?.type);
      const seq = typeof e?.seq === 'number' ? e.seq : undefined;
      throw new TranscriptError('event_malformed', error.message, { index, party, seq, type, cause: error });
    }
  }

  #checkSeen(event: SignedEvent, author: PartyState, where: Where): void {
    for (const [other, seenId] of Object.entries(event.seen)) {
      const otherIndex = this.#partyIndex.get(other);
      if (otherIndex === undefined) failSeen(where, other, 'unknown_party', `party ${other} is not listed in the transcript`);
      const packed = this.#ids.get(Buffer.from(seenId, 'hex').toString('latin1'));
      if (packed === undefined) failSeen(where, other, 'seen_not_earlier', `event ${seenId} does not appear earlier in the log`);
      const n = this.#parties.length;
      const seenParty = packed % n;
      const seenSeq = Math.floor(packed / n);
      if (seenParty !== otherIndex) {
        failSeen(where, other, 'seen_wrong_party', `event ${seenId} is not by party ${other}`, { expected: other, actual: this.#parties[seenParty]?.id });
      }
      const before = author.seen.get(otherIndex) ?? 0;
      if (seenSeq < before) {
        failSeen(where, other, 'seen_backwards', `goes back to an earlier event of party ${other}`, { expected: `seq ≥ ${before}`, actual: `seq ${seenSeq}` });
      }
      author.seen.set(otherIndex, seenSeq);
    }
  }
}

/** Where an event failure happened. */
interface Where {
  readonly index: number;
  readonly party: string;
  readonly seq: number;
  readonly type: string;
}

function fail(where: Where, code: string, message: string, values: { expected?: string | undefined; actual?: string | undefined } = {}): never {
  throw new TranscriptError(code, message, { ...where, ...values });
}

function failSeen(where: Where, other: string, code: string, message: string, values: { expected?: string | undefined; actual?: string | undefined } = {}): never {
  fail(where, code, `seen.${other}: ${message}`, values);
}

function nonCanonical(error: unknown, where: Where): unknown {
  return error instanceof CanonicalizationError ? new TranscriptError('non_canonical_value', error.message, { ...where, cause: error }) : error;
}

function rethrow(error: unknown, prefix: string): unknown {
  if (error instanceof VerificationError && !(error instanceof TranscriptError)) {
    return new TranscriptError(error.code, prefix + error.message, { cause: error });
  }
  return error;
}

/** Verifies a whole transcript object (signatures inline). */
export function verifyTranscript(value: unknown): TranscriptSummary {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TranscriptError('transcript_malformed', 'a transcript is a JSON object');
  }
  const { events, checkpoint, ...header } = value as Record<string, unknown>;
  if (!Array.isArray(events)) throw new TranscriptError('transcript_malformed', 'events must be an array');
  if (typeof checkpoint !== 'string') throw new TranscriptError('transcript_malformed', 'checkpoint must be a signed note string');
  const verifier = new TranscriptVerifier(header);
  for (const event of events) verifier.add(event);
  return verifier.finish(checkpoint);
}
