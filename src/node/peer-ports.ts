/**
 * The port for federation state (docs/federation.md): pinned peer nodes and the parties they
 * host, the checkpoints this node witnessed, evidence of forked logs, cosignatures peers
 * returned on this node's checkpoints, the per-peer replication cursors and the request
 * nonces peers have used. All of it is public node-to-node state: nothing a party keeps
 * private is here.
 */
import type { DialogueId, PartyId } from '../record/index.js';
import type { PartyRecord } from './ports.js';

/** A node pinned out of band (`parley peer add`). */
export interface PeerRecord {
  /** Node name: the name of its note key, its `keyid` in signed HTTP messages, its origin prefix. */
  readonly name: string;
  /** Base URL of its /federation/v1 endpoints (http or https), if it is reachable. */
  readonly url: string | undefined;
  /** Verifier key string of its note key (`<name>+<hash>+<base64(0x01 ‖ key)>`). */
  readonly noteKey: string;
  /** Cosigner key string of its witness key (`<name>+<hash>+<base64(0x04 ‖ key)>`). */
  readonly cosignerKey: string;
  readonly addedAt: string;
}

/** The latest checkpoint this node cosigned for a log origin. */
export interface WitnessedCheckpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Buffer;
  /** The signed note as received (the log's signature). */
  readonly note: string;
  readonly cosignedAt: string;
}

/** Proof that a log forked: the checkpoint we had cosigned and an inconsistent later one. */
export interface CheckpointConflict {
  readonly id: string;
  readonly origin: string;
  /** Who offered the inconsistent checkpoint (a peer name). */
  readonly source: string;
  readonly reason: string;
  readonly knownNote: string;
  readonly offeredNote: string;
  /** The consistency proof offered with it (base64 hashes), possibly empty. */
  readonly proof: readonly string[];
  readonly at: string;
}

/** A cosignature line a peer returned on one of this node's checkpoints. */
export interface CheckpointCosignature {
  readonly cosigner: string;
  /** The signature line without its newline. */
  readonly line: string;
  readonly at: string;
}

export type CursorDirection = 'push' | 'pull';

export interface PeerStore {
  /**
   * Pins a peer and the parties it hosts, in one transaction. Refuses (StoreError conflict)
   * a peer already pinned with other keys or URL (`peer_exists`), a party known with another
   * key (`party_key_mismatch`) or hosted by another node (`party_hosted_elsewhere`).
   * Pinning the same peer again with the same keys adds the parties given.
   */
  addPeer(peer: PeerRecord, parties: readonly PartyRecord[]): Promise<void>;
  peer(name: string): Promise<PeerRecord | undefined>;
  peers(): Promise<PeerRecord[]>;
  /** Unpins a peer (its hosting rows and cursors go; the parties' keys stay: the record names them). */
  removePeer(name: string): Promise<boolean>;
  /** Records that `node` (a pinned peer) hosts `party`, registering the party's key (same checks as addPeer). */
  pinParty(party: PartyRecord, node: string): Promise<void>;
  /** Parties hosted by pinned peers: party → node name. */
  partyHosts(): Promise<Map<PartyId, string>>;

  witnessed(origin: string): Promise<WitnessedCheckpoint | undefined>;
  /**
   * Stores `checkpoint` as the latest cosigned for its origin if the stored one still has
   * `expectedSize` (undefined: none stored yet). Returns false when another writer won.
   */
  putWitnessed(checkpoint: WitnessedCheckpoint, expectedSize: number | undefined): Promise<boolean>;
  recordConflict(conflict: CheckpointConflict): Promise<void>;
  conflicts(origin?: string): Promise<CheckpointConflict[]>;

  /** Keeps a cosignature a peer returned on this node's checkpoint of `size` (idempotent). */
  putCosignature(dialogue: DialogueId, size: number, cosignature: CheckpointCosignature): Promise<void>;
  /** Cosignatures kept for this node's checkpoint of `size`. */
  cosignatures(dialogue: DialogueId, size: number): Promise<CheckpointCosignature[]>;
  /** The largest checkpoint size of `dialogue` that `cosigner` cosigned, if any. */
  latestCosignedSize(dialogue: DialogueId, cosigner: string): Promise<number | undefined>;

  /** Next log index for `peer` and `dialogue` in `direction` (0 when never moved). */
  cursor(peer: string, dialogue: DialogueId, direction: CursorDirection): Promise<number>;
  /** Moves the cursor from `from` to `to` only if it is still at `from`; false otherwise. */
  advanceCursor(peer: string, dialogue: DialogueId, direction: CursorDirection, from: number, to: number): Promise<boolean>;

  /**
   * Claims `nonce` for `peer` (the nonce of a signed request that verified), kept until
   * `expiresAt`: true on its first use, false while a claim of the same peer and nonce is
   * stored — a replay. One insert decides, so concurrent claims on one database never both
   * win. Also deletes a bounded batch of claims that expired before `now`. Instants are ISO
   * 8601 UTC with milliseconds (`Date#toISOString()`).
   */
  claimNonce(peer: string, nonce: string, expiresAt: string, now: string): Promise<boolean>;
}
