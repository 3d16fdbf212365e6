/**
 * Node identity and pinned peers (issue 6, item 1). `nodeInfo` is what `parley node info`
 * prints and what the other side pins with `parley peer add --info`: the node's name, URL,
 * note key (signs its checkpoints and its federation HTTP messages), witness key (cosigns
 * other logs' checkpoints) and the parties it hosts with their keys. Everything here is
 * public; keys are exchanged out of band and never replaced silently.
 */
import { z } from 'zod';
import { DomainError, invalid } from '../domain/index.js';
import type { PeerRecord } from '../node/peer-ports.js';
import type { KeyStore, PartyRecord, Store } from '../node/ports.js';
import {
  cosignerKeyString, decodeBase64, parseCosignerKey, parseVerifierKey, verifierKeyString, type PartyId,
} from '../record/index.js';

export const NODE_INFO_FORMAT = 'parley-node-info/1';
/** Node names: what `parley init` accepts (they name checkpoint origins and HTTP key ids). */
export const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;
const PARTY_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export interface NodeIdentity {
  readonly name: string;
  readonly url: string | undefined;
  readonly store: Store;
  readonly keys: KeyStore;
}

const HttpUrl = z.string().max(2000).refine((text) => {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}, 'must be an http:// or https:// URL without credentials, query or fragment');

const PartyInfoSchema = z.strictObject({
  id: z.string().regex(PARTY_ID, 'lowercase letters, digits, _ and - (at most 64)'),
  name: z.record(z.string().min(1).max(16), z.string().min(1).max(200)).refine((n) => Object.keys(n).length > 0, 'needs at least one language'),
  publicKey: z.string().refine((k) => decodeBase64(k)?.length === 32, 'must be the base64 of a 32-byte Ed25519 public key'),
});

export const NodeInfoSchema = z.strictObject({
  format: z.literal(NODE_INFO_FORMAT),
  name: z.string().regex(NODE_NAME, 'letters, digits, dots and hyphens only'),
  url: HttpUrl.optional(),
  noteKey: z.string().max(500),
  cosignerKey: z.string().max(500),
  parties: z.array(PartyInfoSchema).max(100),
});
export type NodeInfo = z.infer<typeof NodeInfoSchema>;
export type PartyInfo = z.infer<typeof PartyInfoSchema>;

/** The cosigner key string of this node's witness key. */
export function cosignerKey(identity: Pick<NodeIdentity, 'name' | 'keys'>): string {
  return cosignerKeyString(identity.name, identity.keys.witnessKey().publicKey);
}

/** Parties whose signing key this node holds. */
export async function hostedParties(identity: Pick<NodeIdentity, 'store' | 'keys'>): Promise<PartyRecord[]> {
  const parties = await identity.store.parties();
  return parties.filter((party) => PARTY_ID.test(party.id) && identity.keys.partyKey(party.id) !== undefined);
}

/** What this node publishes about itself, for peers to pin. */
export async function nodeInfo(identity: NodeIdentity): Promise<NodeInfo> {
  const parties = await hostedParties(identity);
  return {
    format: NODE_INFO_FORMAT,
    name: identity.name,
    ...(identity.url !== undefined ? { url: identity.url } : {}),
    noteKey: verifierKeyString(identity.name, identity.keys.noteKey().publicKey),
    cosignerKey: cosignerKey(identity),
    parties: parties.map((p) => ({ id: p.id, name: { ...p.name }, publicKey: p.publicKey.toString('base64') })),
  };
}

/** Parses a node's published info, naming every field at fault. */
export function parseNodeInfo(value: unknown): NodeInfo {
  const parsed = NodeInfoSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid('node_info_invalid', issue.path.join('.') || 'info', issue.message);
  }
  return parsed.data;
}

function checkKeys(info: Pick<NodeInfo, 'name' | 'noteKey' | 'cosignerKey'>): void {
  let note;
  try {
    note = parseVerifierKey(info.noteKey);
  } catch (error) {
    throw invalid('note_key_invalid', 'noteKey', (error as Error).message);
  }
  if (note.name !== info.name) throw invalid('note_key_invalid', 'noteKey', `the key is named ${note.name}, not ${info.name}: a node's note key carries its node name`);
  let cosigner;
  try {
    cosigner = parseCosignerKey(info.cosignerKey);
  } catch (error) {
    throw invalid('cosigner_key_invalid', 'cosignerKey', (error as Error).message);
  }
  if (cosigner.name !== info.name) throw invalid('cosigner_key_invalid', 'cosignerKey', `the key is named ${cosigner.name}, not ${info.name}`);
  if (cosigner.key.raw.equals(note.key.raw)) throw invalid('cosigner_key_invalid', 'cosignerKey', 'the witness key must differ from the note key');
}

function partyRecord(party: PartyInfo): PartyRecord {
  return { id: party.id as PartyId, name: party.name, publicKey: decodeBase64(party.publicKey)! };
}

/**
 * Pins a peer node and the parties it hosts. Refuses this node's own name, a party hosted
 * here, a party known with another key or hosted by another peer, and a peer already pinned
 * with other keys; a refused pin changes nothing.
 */
export async function pinPeer(identity: NodeIdentity, info: NodeInfo, now: Date): Promise<PeerRecord> {
  if (info.name === identity.name) throw invalid('peer_is_self', 'name', `${info.name} is this node's own name`);
  checkKeys(info);
  for (const party of info.parties) {
    if (identity.keys.partyKey(party.id as PartyId) !== undefined) {
      throw new DomainError('conflict', 'party_hosted_here', `party ${party.id} is hosted by this node; a peer can never host it`, 'parties');
    }
  }
  const peer: PeerRecord = { name: info.name, url: info.url, noteKey: info.noteKey, cosignerKey: info.cosignerKey, addedAt: now.toISOString() };
  await identity.store.peers.addPeer(peer, info.parties.map(partyRecord));
  return peer;
}

/** Records that a pinned peer hosts a party, pinning the party's key. */
export async function pinPartyHost(identity: NodeIdentity, node: string, party: PartyInfo): Promise<void> {
  const parsed = PartyInfoSchema.safeParse(party);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid('party_invalid', issue.path.join('.') || 'party', issue.message);
  }
  if (identity.keys.partyKey(party.id as PartyId) !== undefined) {
    throw new DomainError('conflict', 'party_hosted_here', `party ${party.id} is hosted by this node`, 'party');
  }
  await identity.store.peers.pinParty(partyRecord(parsed.data), node);
}

/** Which node hosts each party known here: this node's name for its own, else the pinned peer. */
export async function partyHosts(identity: NodeIdentity): Promise<{ party: PartyRecord; node: string | undefined }[]> {
  const [parties, hosts] = await Promise.all([identity.store.parties(), identity.store.peers.partyHosts()]);
  return parties.map((party) => ({
    party,
    node: PARTY_ID.test(party.id) && identity.keys.partyKey(party.id) !== undefined ? identity.name : hosts.get(party.id),
  }));
}
