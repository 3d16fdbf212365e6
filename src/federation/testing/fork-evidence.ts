/**
 * Test helper: evidence of forks put straight into a node's store, as the inbox and the
 * witness keep it — a second event signed with a party's own key at a seq that party already
 * used, and two inconsistent checkpoints of a peer's log — for tests of the pages and routes
 * that show it (a real two-node fork takes a federated pair; src/federation/inbox.int.test.ts).
 */
import { forkReports, nodeActor } from '../../domain/index.js';
import type { ParleyNode } from '../../node/index.js';
import {
  envelopeText, generateSigningKey, sha256, signCheckpoint, signEvent,
  type DialogueId, type EventHeader, type EventId, type PartyId,
} from '../../record/index.js';

export interface SeededForks {
  readonly event: { readonly party: PartyId; readonly seq: number; readonly storedId: EventId; readonly otherId: EventId };
  readonly checkpoint: { readonly origin: string; readonly knownRoot: string; readonly offeredRoot: string };
  /** The `record.fork_reported` event, when `reporter` was given. */
  readonly report?: EventId;
}

/**
 * Forges `party`'s event at `seq` (a changed time and body, signed with the party's key from
 * `keys`) and records the equivocation; records a checkpoint conflict of `peer`'s log of the
 * dialogue (sizes 5 and 4: the offered checkpoint shrank); with `reporter`, that party's node
 * also puts the event fork on the record (`record.fork_reported`), as the inbox does.
 */
export async function seedForks(
  node: ParleyNode, dialogue: DialogueId,
  options: { party: PartyId; seq: number; peer: string; at: string; reporter?: PartyId },
): Promise<SeededForks> {
  const { store, keys } = node;
  const { party, seq, peer, at } = options;
  const stored = await store.inbox.eventAt(dialogue, party, seq);
  const key = keys.partyKey(party);
  if (!stored || !key) throw new Error(`seedForks: no event of ${party} at seq ${seq}, or no key for ${party} here`);
  const { bodyHash: _bodyHash, sig: _sig, ...header } = JSON.parse(stored.envelope) as EventHeader & { bodyHash: string; sig: string };
  const forged = signEvent({ ...header, time: at }, { forged: 'rewritten after a restore from an old backup' }, key);
  await store.inbox.recordEquivocation({
    dialogue, party, seq, stored, other: { id: forged.id, envelope: envelopeText(forged.event) }, source: peer, detectedAt: at,
  });

  const origin = `${peer}/${dialogue}`;
  const signer = { name: peer, key: generateSigningKey().key };
  const known = { origin, size: 5, root: sha256('known') };
  const offered = { origin, size: 4, root: sha256('offered') };
  await store.peers.recordConflict({
    id: `conflict-${sha256(origin + at).toString('hex').slice(0, 16)}`, origin, source: peer,
    reason: 'checkpoint_shrank: offered size 4 is smaller than the cosigned size 5',
    knownNote: signCheckpoint(known, signer), offeredNote: signCheckpoint(offered, signer), proof: [], at,
  });
  let report: EventId | undefined;
  if (options.reporter) {
    const reporter = options.reporter;
    const record = await node.dialogue(dialogue);
    report = await node.execute(dialogue, (_tx, now) => ({
      party: reporter, member: null, result: (events) => events[0]!.id,
      events: forkReports.decide({
        type: 'report', source: peer, reason: `equivocation: ${party} already signed ${stored.id} at seq ${seq}`,
        evidence: { kind: 'event', party, seq, events: [stored.id, forged.id] },
      }, undefined, { actor: nodeActor(reporter), dialogue: { id: record.id, parties: record.parties }, now }),
    }));
  }
  return {
    ...(report ? { report } : {}),
    event: { party, seq, storedId: stored.id, otherId: forged.id },
    checkpoint: { origin, knownRoot: known.root.toString('base64'), offeredRoot: offered.root.toString('base64') },
  };
}
