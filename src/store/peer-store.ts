/**
 * The PeerStore port (src/node/peer-ports.ts) over the federation tables of
 * migrations/0010-peers.ts and 0013-federation-nonces.ts. Pinning runs in one transaction
 * with its checks, so a refused pin changes nothing; witnessed checkpoints and cursors move
 * by compare-and-set and a nonce is claimed by insert-if-absent, so two processes on one
 * PostgreSQL never both win.
 */
import type { Kysely } from 'kysely';
import type { DialogueId, PartyId } from '../record/index.js';
import type {
  CheckpointConflict, CheckpointCosignature, CursorDirection, PeerRecord, PeerStore, WitnessedCheckpoint,
} from '../node/peer-ports.js';
import type { PartyRecord } from '../node/ports.js';
import type { StoreCapabilities } from './capabilities.js';
import { StoreError } from './errors.js';
import type { Database, Row } from './schema.js';

/** Expired nonce claims deleted per claim: far more than the one row each claim adds. */
const NONCE_PURGE_BATCH = 100;

export class SqlPeerStore implements PeerStore {
  constructor(
    private readonly db: () => Kysely<Database>,
    private readonly transaction: <T>(work: (db: Kysely<Database>) => Promise<T>) => Promise<T>,
    private readonly capabilities: StoreCapabilities,
  ) {}

  async addPeer(peer: PeerRecord, parties: readonly PartyRecord[]): Promise<void> {
    await this.transaction(async (db) => {
      const existing = await db.selectFrom('peers').selectAll().where('name', '=', peer.name).executeTakeFirst();
      if (existing) {
        if (existing.note_key !== peer.noteKey || existing.cosigner_key !== peer.cosignerKey || (existing.url ?? undefined) !== peer.url) {
          throw new StoreError('conflict', 'peer_exists', `peer ${peer.name} is already pinned with other keys or URL; remove it first`);
        }
      } else {
        await db.insertInto('peers').values({
          name: peer.name, url: peer.url ?? null, note_key: peer.noteKey, cosigner_key: peer.cosignerKey, added_at: peer.addedAt,
        }).execute();
      }
      for (const party of parties) await pinParty(db, party, peer.name);
    });
  }

  async peer(name: string): Promise<PeerRecord | undefined> {
    const row = await this.db().selectFrom('peers').selectAll().where('name', '=', name).executeTakeFirst();
    return row && peerOf(row);
  }

  async peers(): Promise<PeerRecord[]> {
    const rows = await this.db().selectFrom('peers').selectAll().orderBy('name').execute();
    return rows.map(peerOf);
  }

  async removePeer(name: string): Promise<boolean> {
    return this.transaction(async (db) => {
      await db.deleteFrom('federation_cursors').where('peer', '=', name).execute();
      await db.deleteFrom('party_hosts').where('node_name', '=', name).execute();
      const result = await db.deleteFrom('peers').where('name', '=', name).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  async pinParty(party: PartyRecord, node: string): Promise<void> {
    await this.transaction(async (db) => {
      const peer = await db.selectFrom('peers').select('name').where('name', '=', node).executeTakeFirst();
      if (!peer) throw new StoreError('not_found', 'peer_not_found', `no pinned peer ${node}: run \`parley peer add\` first`);
      await pinParty(db, party, node);
    });
  }

  async partyHosts(): Promise<Map<PartyId, string>> {
    const rows = await this.db().selectFrom('party_hosts').selectAll().orderBy('party_id').execute();
    return new Map(rows.map((row) => [row.party_id as PartyId, row.node_name]));
  }

  async witnessed(origin: string): Promise<WitnessedCheckpoint | undefined> {
    const row = await this.db().selectFrom('witnessed').selectAll().where('origin', '=', origin).executeTakeFirst();
    return row && { origin: row.origin, size: Number(row.size), root: Buffer.from(row.root, 'base64'), note: row.note, cosignedAt: row.cosigned_at };
  }

  async putWitnessed(checkpoint: WitnessedCheckpoint, expectedSize: number | undefined): Promise<boolean> {
    const values = { size: checkpoint.size, root: checkpoint.root.toString('base64'), note: checkpoint.note, cosigned_at: checkpoint.cosignedAt };
    if (expectedSize === undefined) {
      try {
        await this.db().insertInto('witnessed').values({ origin: checkpoint.origin, ...values }).execute();
        return true;
      } catch (error) {
        if (this.capabilities.isUniqueViolation(error)) return false;
        throw error;
      }
    }
    const result = await this.db().updateTable('witnessed').set(values)
      .where('origin', '=', checkpoint.origin).where('size', '=', expectedSize).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async recordConflict(conflict: CheckpointConflict): Promise<void> {
    await this.db().insertInto('checkpoint_conflicts').values({
      id: conflict.id, origin: conflict.origin, source: conflict.source, reason: conflict.reason,
      known_note: conflict.knownNote, offered_note: conflict.offeredNote, proof: JSON.stringify(conflict.proof), at: conflict.at,
    }).execute();
  }

  async conflicts(origin?: string): Promise<CheckpointConflict[]> {
    let query = this.db().selectFrom('checkpoint_conflicts').selectAll();
    if (origin !== undefined) query = query.where('origin', '=', origin);
    const rows = await query.orderBy('at').orderBy('id').execute();
    return rows.map((row) => ({
      id: row.id, origin: row.origin, source: row.source, reason: row.reason, knownNote: row.known_note,
      offeredNote: row.offered_note, proof: JSON.parse(row.proof) as string[], at: row.at,
    }));
  }

  async putCosignature(dialogue: DialogueId, size: number, cosignature: CheckpointCosignature): Promise<void> {
    await this.db().insertInto('checkpoint_cosignatures')
      .values({ dialogue_id: dialogue, size, cosigner: cosignature.cosigner, line: cosignature.line, at: cosignature.at })
      .onConflict((oc) => oc.columns(['dialogue_id', 'size', 'cosigner']).doNothing())
      .execute();
  }

  async cosignatures(dialogue: DialogueId, size: number): Promise<CheckpointCosignature[]> {
    const rows = await this.db().selectFrom('checkpoint_cosignatures').selectAll()
      .where('dialogue_id', '=', dialogue).where('size', '=', size).orderBy('cosigner').execute();
    return rows.map((row) => ({ cosigner: row.cosigner, line: row.line, at: row.at }));
  }

  async latestCosignedSize(dialogue: DialogueId, cosigner: string): Promise<number | undefined> {
    const row = await this.db().selectFrom('checkpoint_cosignatures').select((eb) => eb.fn.max('size').as('size'))
      .where('dialogue_id', '=', dialogue).where('cosigner', '=', cosigner).executeTakeFirst();
    return row?.size === null || row?.size === undefined ? undefined : Number(row.size);
  }

  async cursor(peer: string, dialogue: DialogueId, direction: CursorDirection): Promise<number> {
    const row = await this.db().selectFrom('federation_cursors').select('next_index')
      .where('peer', '=', peer).where('dialogue_id', '=', dialogue).where('direction', '=', direction).executeTakeFirst();
    return row ? Number(row.next_index) : 0;
  }

  async advanceCursor(peer: string, dialogue: DialogueId, direction: CursorDirection, from: number, to: number): Promise<boolean> {
    if (from === 0) {
      // The row may not exist yet: create it at `to`; a concurrent creator makes this lose.
      try {
        await this.db().insertInto('federation_cursors').values({ peer, dialogue_id: dialogue, direction, next_index: to }).execute();
        return true;
      } catch (error) {
        if (!this.capabilities.isUniqueViolation(error)) throw error;
      }
    }
    const result = await this.db().updateTable('federation_cursors').set({ next_index: to })
      .where('peer', '=', peer).where('dialogue_id', '=', dialogue).where('direction', '=', direction)
      .where('next_index', '=', from).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async claimNonce(peer: string, nonce: string, expiresAt: string, now: string): Promise<boolean> {
    const db = this.db();
    const claim = await db.insertInto('federation_nonces').values({ peer, nonce, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(['peer', 'nonce']).doNothing())
      .executeTakeFirst();
    await db.deleteFrom('federation_nonces')
      .where((eb) => eb(eb.refTuple('peer', 'nonce'), 'in', eb.selectFrom('federation_nonces').select(['peer', 'nonce'])
        .where('expires_at', '<', now).limit(NONCE_PURGE_BATCH).$asTuple('peer', 'nonce')))
      .execute();
    return Number(claim.numInsertedOrUpdatedRows ?? 0) > 0;
  }
}

/** Registers a party hosted by `node` with its key, refusing a different key or another host. */
async function pinParty(db: Kysely<Database>, party: PartyRecord, node: string): Promise<void> {
  const known = await db.selectFrom('parties').select(['id', 'public_key']).where('id', '=', party.id).executeTakeFirst();
  if (known && !Buffer.from(known.public_key).equals(party.publicKey)) {
    throw new StoreError('conflict', 'party_key_mismatch', `party ${party.id} is known here with another key; a pinned key is never replaced silently`);
  }
  const host = await db.selectFrom('party_hosts').select('node_name').where('party_id', '=', party.id).executeTakeFirst();
  if (host && host.node_name !== node) {
    throw new StoreError('conflict', 'party_hosted_elsewhere', `party ${party.id} is hosted by ${host.node_name}, not ${node}`);
  }
  if (!known) {
    await db.insertInto('parties').values({
      id: party.id, name: JSON.stringify(party.name), public_key: Buffer.from(party.publicKey), time_zone: party.timeZone ?? null,
    }).execute();
  }
  if (!host) await db.insertInto('party_hosts').values({ party_id: party.id, node_name: node }).execute();
}

function peerOf(row: Row<'peers'>): PeerRecord {
  return { name: row.name, url: row.url ?? undefined, noteKey: row.note_key, cosignerKey: row.cosigner_key, addedAt: row.added_at };
}
