/**
 * The serving side of /federation/v1, framework-free (src/http/federation.ts wires it into
 * Fastify): every request is authenticated first — signature by a pinned peer, then its
 * nonce claimed once — and then a peer reads the log of a dialogue one of its parties is
 * in — events, checkpoint with the cosignatures collected, consistency proofs — and asks
 * this node to witness its own checkpoints. Only public tables are read: the log,
 * checkpoints, parties, dialogues and federation state.
 */
import type { DialogueRecord, RecordService } from '../node/index.js';
import { addCosignature, parseVerifierKey, type DialogueId, type SignedEvent, type VerifyingKey } from '../record/index.js';
import { HttpSignatureError, nonceExpiry, verifyRequest, type RequestParts } from './http-signature.js';
import type { EventIngest } from './replicator.js';
import { addCheckpoint, type AddCheckpointResult, type WitnessDeps } from './witness.js';

/** A refusal with its HTTP status and stable code (answered as an RFC 9457 problem). */
export class FederationProblem extends Error {
  override name = 'FederationProblem';
  constructor(readonly status: number, readonly code: string, detail: string, readonly field?: string) {
    super(detail);
  }
}

export const MAX_PULL_LIMIT = 1000;
/** Most events one push may carry. */
export const MAX_PUSH_EVENTS = 1000;

export interface FederationServerDeps extends WitnessDeps {
  readonly records: RecordService;
}

export interface PulledEvents {
  readonly dialogue: string;
  readonly from: number;
  /** The serving node's log size when read: pull again from `from + events.length` while smaller. */
  readonly size: number;
  readonly events: readonly { readonly index: number; readonly id: string; readonly event: SignedEvent }[];
}

export class FederationServer {
  constructor(private readonly deps: FederationServerDeps) {}

  /**
   * The pinned peer that signed `request`, or HttpSignatureError (answered 401). Only once
   * the signature verified is its nonce claimed, so a forged request never writes; a nonce
   * the peer used before is `signature_replayed`. The claim is in the database: shared by
   * every process of this node and kept across restarts until the request would be stale.
   */
  async authenticate(request: RequestParts & { body: Uint8Array | string }): Promise<string> {
    const now = this.deps.clock.now();
    const keys = new Map<string, VerifyingKey>();
    for (const peer of await this.deps.store.peers.peers()) keys.set(peer.name, parseVerifierKey(peer.noteKey).key);
    const { keyid, created, nonce } = verifyRequest(request, { now: Math.floor(now.getTime() / 1000), keyFor: (id) => keys.get(id) });
    const expiresAt = new Date(nonceExpiry(created) * 1000).toISOString();
    if (!(await this.deps.store.peers.claimNonce(keyid, nonce, expiresAt, now.toISOString()))) {
      throw new HttpSignatureError('signature_replayed', `nonce ${nonce} of ${keyid} was already used: a signed request is accepted once`);
    }
    return keyid;
  }

  /** The dialogue, if `peer` hosts one of its parties; 404 / 403 otherwise. */
  async dialogueFor(peer: string, id: string): Promise<DialogueRecord> {
    const dialogue = await this.deps.store.dialogue(id as DialogueId);
    if (!dialogue) throw new FederationProblem(404, 'dialogue_not_found', `no dialogue ${id} on ${this.deps.name}`, 'dialogue');
    const hosts = await this.deps.store.peers.partyHosts();
    if (!dialogue.parties.some((party) => hosts.get(party) === peer)) {
      throw new FederationProblem(403, 'peer_not_in_dialogue', `${peer} hosts no party of dialogue ${id}`);
    }
    return dialogue;
  }

  /** Events of this node's log of `dialogue` with index in [from, from + limit). */
  async events(peer: string, id: string, from: number, limit: number): Promise<PulledEvents> {
    const dialogue = await this.dialogueFor(peer, id);
    const log = await this.deps.store.log(dialogue.id);
    const stored = from >= log.size ? [] : await this.deps.store.events(dialogue.id, from, Math.min(limit, MAX_PULL_LIMIT));
    return { dialogue: dialogue.id, from, size: log.size, events: stored.map((s) => ({ index: s.index, id: s.id, event: s.event })) };
  }

  /**
   * Events pushed by `peer`, handed to the inbox that verifies each one. A dialogue this node
   * does not hold yet goes to the inbox too: only its opening event, naming a party hosted
   * here, can create it there.
   */
  async push(peer: string, id: string, events: readonly unknown[], inbox: EventIngest): Promise<unknown> {
    if (await this.deps.store.dialogue(id as DialogueId)) await this.dialogueFor(peer, id);
    return inbox.ingest(id as DialogueId, events, peer);
  }

  /** The latest checkpoint, as a signed note carrying every cosignature collected for it. */
  async checkpoint(peer: string, id: string): Promise<{ origin: string; size: number; note: string; cosigners: string[] }> {
    const dialogue = await this.dialogueFor(peer, id);
    const { size, note } = await this.deps.records.checkpoint(dialogue.id);
    const cosignatures = await this.deps.store.peers.cosignatures(dialogue.id, size);
    const cosigned = cosignatures.reduce((text, c) => addCosignature(text, `${c.line}\n`), note);
    return { origin: this.deps.records.origin(dialogue.id), size, note: cosigned, cosigners: cosignatures.map((c) => c.cosigner) };
  }

  /** RFC 9162 consistency proof between two sizes of this node's log (empty from size 0). */
  async consistency(peer: string, id: string, from: number, to: number | undefined): Promise<{ from: number; to: number; hashes: string[]; checkpoint: string }> {
    const dialogue = await this.dialogueFor(peer, id);
    const log = await this.deps.store.log(dialogue.id);
    const toSize = to ?? log.size;
    if (toSize > log.size) throw new FederationProblem(400, 'size_out_of_range', `to must be at most the log size ${log.size}`, 'to');
    if (from > toSize) throw new FederationProblem(400, 'size_out_of_range', `from must be at most ${toSize}`, 'from');
    if (from === 0 || toSize === 0) {
      const { note } = await this.deps.records.checkpointAt(dialogue.id, toSize);
      return { from, to: toSize, hashes: [], checkpoint: note };
    }
    const proof = await this.deps.records.consistencyProof(dialogue.id, from, toSize);
    return { from, to: toSize, hashes: proof.hashes, checkpoint: proof.checkpoint };
  }

  /** The dialogue's state digest (equal on two nodes holding the same events, whatever their order). */
  async stateDigest(peer: string, id: string): Promise<{ dialogue: string; digest: string; events: number; aggregates: number }> {
    const dialogue = await this.dialogueFor(peer, id);
    return this.deps.store.stateDigest(dialogue.id);
  }

  /** C2SP tlog-witness add-checkpoint, requested by `peer`. */
  addCheckpoint(peer: string, body: string): Promise<AddCheckpointResult> {
    return addCheckpoint(this.deps, peer, body);
  }
}
