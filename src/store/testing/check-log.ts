/**
 * Test helper: reads a dialogue's whole log back and checks it is one consistent record —
 * indexes 0..n-1, every party chain gapless and linked, `seen` pointing earlier, signatures
 * valid, stored heads matching, and the stored root equal to a root recomputed from leaves.
 */
import {
  CompactTree, hashLeaf, hasMatchingBody, hasValidSignature, leafDataOf, verifyingKey,
  type DialogueId, type EventId,
} from '../../record/index.js';
import type { StoredEvent } from '../../node/ports.js';
import type { SqlStore } from '../sql-store.js';

/** Returns the events read, or throws naming the first inconsistency. */
export async function checkLog(store: SqlStore, dialogue: DialogueId): Promise<StoredEvent[]> {
  const log = await store.log(dialogue);
  const events: StoredEvent[] = [];
  for (let from = 0; from < log.size; from += 1000) events.push(...(await store.events(dialogue, from, 1000)));
  const fail = (message: string): never => { throw new Error(`dialogue ${dialogue}: ${message}`); };

  const position = new Map<EventId, number>();
  const chains = new Map<string, { seq: number; id: EventId }>();
  const tree = new CompactTree();
  const keys = new Map((await store.parties()).map((p) => [p.id as string, verifyingKey(p.publicKey)]));
  events.forEach(({ index, id, event }, expected) => {
    if (index !== expected) fail(`event at position ${expected} has log index ${index}`);
    const key = keys.get(event.party) ?? fail(`unknown party ${event.party}`);
    if (!hasValidSignature(event, key) || !hasMatchingBody(event)) fail(`event ${index} does not verify`);
    const head = chains.get(event.party);
    if (event.seq !== (head ? head.seq + 1 : 1) || event.prev !== (head ? head.id : null)) {
      fail(`event ${index} of ${event.party}: seq ${event.seq} prev ${event.prev} after head ${JSON.stringify(head)}`);
    }
    for (const seen of Object.values(event.seen)) {
      if (!position.has(seen)) fail(`event ${index} has seen ${seen}, not earlier in the log`);
    }
    chains.set(event.party, { seq: event.seq, id });
    position.set(id, index);
    tree.appendLeaf(hashLeaf(leafDataOf(event)));
  });
  if (events.length !== log.size) fail(`log size ${log.size} but ${events.length} events`);
  if (!tree.root().equals(log.root)) fail(`stored root ${log.root.toString('hex')} != recomputed ${tree.root().toString('hex')}`);
  const heads = await store.withDialogue(dialogue, (tx) => tx.heads());
  for (const [party, head] of chains) {
    const stored = heads.get(party as never);
    if (stored?.seq !== head.seq || stored.id !== head.id) fail(`stored head of ${party} is ${JSON.stringify(stored)}`);
  }
  if (heads.size !== chains.size) fail(`${heads.size} stored heads for ${chains.size} chains`);
  return events;
}
