/**
 * Test helper: real nodes in one process, each with its own database (SQLite file or a fresh
 * PostgreSQL schema) and its own keys, for federation tests. `federatedPair` gives red's node
 * and blue's node sharing one dialogue; `observer` a node that hosts no party.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aggregateKind } from '../../domain/index.js';
import { runAggregateCommand } from '../../node/aggregate-commands.js';
import { ManualClock, ParleyNode, type KeyStore, type StoredEvent } from '../../node/index.js';
import {
  generateSigningKey, type DialogueId, type MemberId, type PartyId, type SigningKey,
} from '../../record/index.js';
import { openStore, type SqlStore } from '../../store/index.js';
import { TEST_POSTGRES_URL, createTestSchema, dropTestSchema } from '../../store/testing/postgres-schema.js';
import { FederationInbox, type IngestResult } from '../inbox.js';

export type Engine = 'sqlite' | 'postgres';

export const DIALOGUE = 'fed' as DialogueId;
export const START = new Date('2026-11-01T08:00:00.000Z');
export const RED = 'red' as PartyId;
export const BLUE = 'blue' as PartyId;

/** Keys in memory: enough for tests (the file key store is tested on its own). */
export class MemoryKeyStore implements KeyStore {
  readonly #keys = new Map<string, SigningKey>();
  constructor(readonly nodeName: string) {}
  noteKey(): SigningKey {
    return this.#get('node');
  }
  witnessKey(): SigningKey {
    return this.#get('witness');
  }
  partyKey(party: PartyId): SigningKey | undefined {
    return this.#keys.get(`party:${party}`);
  }
  createPartyKey(party: PartyId): SigningKey {
    return this.#get(`party:${party}`);
  }
  #get(name: string): SigningKey {
    let key = this.#keys.get(name);
    if (!key) {
      key = generateSigningKey().key;
      this.#keys.set(name, key);
    }
    return key;
  }
}

export interface TestNode {
  readonly name: string;
  readonly node: ParleyNode;
  readonly store: SqlStore;
  readonly keys: MemoryKeyStore;
  readonly clock: ManualClock;
  readonly inbox: FederationInbox;
  /** Every event of the dialogue in this node's log order. */
  events(dialogue?: DialogueId): Promise<StoredEvent[]>;
  /** A member of a hosted party acts on an aggregate kind. */
  act<S = unknown>(member: string, kind: string, command: unknown, target?: string): Promise<{ id: string; state: S }>;
  close(): Promise<void>;
}

let counter = 0;

export async function testNode(name: string, engine: Engine, clock = new ManualClock(START)): Promise<TestNode> {
  counter += 1;
  let cleanup: () => Promise<void>;
  let store: SqlStore;
  if (engine === 'postgres') {
    const schema = await createTestSchema();
    store = openStore({ postgresUrl: TEST_POSTGRES_URL, schema });
    cleanup = () => dropTestSchema(schema);
  } else {
    const dir = mkdtempSync(join(tmpdir(), `parley-fed-${name}-`));
    store = openStore({ sqlitePath: join(dir, `node-${counter}.db`) });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  await store.migrate();
  const keys = new MemoryKeyStore(name);
  const node = new ParleyNode({ store, keys, clock });
  const inbox = new FederationInbox(node);
  return {
    name, node, store, keys, clock, inbox,
    events: (dialogue = DIALOGUE) => store.events(dialogue, 0, 1_000_000),
    act: async <S>(member: string, kindName: string, command: unknown, target?: string) => {
      const kind = aggregateKind(kindName);
      if (!kind) throw new Error(`no aggregate kind ${kindName}`);
      const dialogue = await node.dialogue(DIALOGUE);
      const actor = await node.actor(dialogue, member as MemberId);
      const result = await runAggregateCommand(node, kind, { dialogue, actor, command, ...(target ? { target } : {}) });
      return { id: result.aggregate.id, state: result.aggregate.state as S };
    },
    close: async () => {
      await store.close();
      await cleanup();
    },
  };
}

/**
 * Red's node and blue's node, each hosting its party with a principal and a duty officer,
 * each holding the other's pinned party key and the dialogue `fed`; red's node has
 * recorded `dialogue.opened` (blue joins when it reaches blue's node). With
 * `blueHoldsDialogue: false` blue's node learns of the dialogue from that opening alone.
 */
export async function federatedPair(engine: Engine, options: { blueHoldsDialogue?: boolean } = {}): Promise<{ red: TestNode; blue: TestNode; close(): Promise<void> }> {
  const red = await testNode('red.node', engine);
  const blue = await testNode('blue.node', engine);
  const redParty = await red.node.hostParty(RED, { en: 'Red' });
  const blueParty = await blue.node.hostParty(BLUE, { en: 'Blue' });
  await red.store.putParty(blueParty);
  await blue.store.putParty(redParty);
  for (const [n, party] of [[red, RED], [blue, BLUE]] as const) {
    await n.node.addMember({ id: `${party}-principal` as MemberId, party, name: `${party} principal`, roles: ['principal'] });
    await n.node.addMember({ id: `${party}-duty` as MemberId, party, name: `${party} duty`, roles: ['duty_officer'] });
    if (n === blue && options.blueHoldsDialogue === false) continue;
    await n.store.createDialogue({ id: DIALOGUE, title: { en: 'Federated talks' }, parties: [RED, BLUE], createdAt: START.toISOString() });
  }
  await red.node.execute(DIALOGUE, () => ({
    party: RED, member: null, result: () => undefined,
    events: [{
      type: 'dialogue.opened',
      body: {
        title: { en: 'Federated talks' },
        parties: [redParty, blueParty].map((p) => ({ id: p.id, name: { ...p.name }, publicKey: p.publicKey.toString('base64') })),
      },
    }],
  }));
  return { red, blue, close: async () => { await red.close(); await blue.close(); } };
}

/** Delivers every event `from` holds to `to` (as a pull would); returns the results. */
export async function deliver(from: TestNode, to: TestNode, dialogue = DIALOGUE): Promise<IngestResult[]> {
  const events = await from.events(dialogue);
  return to.inbox.ingest(dialogue, events.map((stored) => stored.event), from.name);
}

/** Delivers both ways until neither node has anything new (receipts travel back). */
export async function exchange(a: TestNode, b: TestNode, dialogue = DIALOGUE): Promise<void> {
  for (let round = 0; round < 10; round++) {
    const appended = [...await deliver(a, b, dialogue), ...await deliver(b, a, dialogue)]
      .filter((result) => result.status === 'appended').length;
    if (appended === 0) return;
  }
  throw new Error('exchange did not settle in 10 rounds');
}
