/**
 * Setting up a dialogue whose parties are hosted on different nodes. The opening node
 * records the dialogue with every party and its pinned key, and its own first party signs
 * `dialogue.opened` (other parties hosted there join at once). Where that event arrives it
 * creates the dialogue (src/federation/inbox.ts) and the party hosted there joins, signing
 * `dialogue.joined` on its own node (a reaction, src/node/follow-ups.ts); `expect…` records
 * the dialogue beforehand instead.
 */
import { invalid, notFound, type MultilingualText } from '../domain/index.js';
import type { DialogueRecord, ParleyNode, PartyRecord } from '../node/index.js';
import type { DialogueId, PartyId } from '../record/index.js';

export interface FederatedDialogueSpec {
  readonly id: DialogueId;
  readonly title: MultilingualText;
  /** In order; the first must be hosted by the opening node. */
  readonly parties: readonly PartyId[];
  /** The same on every node (the dialogue's creation time). */
  readonly createdAt: string;
}

async function partiesOf(node: ParleyNode, spec: FederatedDialogueSpec): Promise<PartyRecord[]> {
  if (spec.parties.length < 2) throw invalid('too_few_parties', 'parties', 'a dialogue needs at least two parties');
  const parties: PartyRecord[] = [];
  for (const id of spec.parties) {
    const party = await node.store.party(id);
    if (!party) throw notFound('party_not_found', `no party ${id} on this node: host it or pin the peer that hosts it`, 'parties');
    parties.push(party);
  }
  return parties;
}

/** On the node hosting the first party: records the dialogue and `dialogue.opened`. */
export async function openFederatedDialogue(node: ParleyNode, spec: FederatedDialogueSpec): Promise<DialogueRecord> {
  const parties = await partiesOf(node, spec);
  const [opener, ...others] = parties;
  if (!node.keys.partyKey(opener!.id)) throw invalid('opener_not_hosted', 'parties', `the first party ${opener!.id} is not hosted on this node`);
  const record: DialogueRecord = { id: spec.id, title: spec.title, parties: spec.parties, createdAt: spec.createdAt };
  await node.store.createDialogue(record);
  await node.execute(spec.id, () => ({
    party: opener!.id, member: null, result: () => undefined,
    events: [{
      type: 'dialogue.opened',
      body: { title: { ...spec.title }, parties: parties.map((p) => ({ id: p.id, name: { ...p.name }, publicKey: p.publicKey.toString('base64') })) },
    }],
  }));
  for (const party of others.filter((p) => node.keys.partyKey(p.id) !== undefined)) {
    await node.execute(spec.id, () => ({
      party: party.id, member: null, result: () => undefined,
      events: [{ type: 'dialogue.joined', body: { publicKey: party.publicKey.toString('base64') } }],
    }));
  }
  return record;
}

/** Optionally, on another node: records the dialogue before its opening arrives. */
export async function expectFederatedDialogue(node: ParleyNode, spec: FederatedDialogueSpec): Promise<DialogueRecord> {
  await partiesOf(node, spec);
  const record: DialogueRecord = { id: spec.id, title: spec.title, parties: spec.parties, createdAt: spec.createdAt };
  await node.store.createDialogue(record);
  return record;
}
