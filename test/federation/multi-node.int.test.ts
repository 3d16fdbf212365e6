// Three `parley serve` processes on loopback — alpha (party red), beta (party blue), each with
// its own SQLite database, and a neutral witness — replicate a dialogue over signed HTTP.
// The link between alpha and beta runs through TCP relays the test can cut: while cut, each
// side records N messages; after healing, both nodes hold the same events exactly once, have
// equal state digests, and their latest checkpoints are cosigned by the peer and the witness.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNode, type NodeContext } from '../../src/app/node-context.js';
import {
  expectFederatedDialogue, nodeInfo, openFederatedDialogue, pinPeer, verifiedCosignatures,
} from '../../src/federation/index.js';
import { AuthService } from '../../src/node/auth.js';
import { RecordService } from '../../src/node/index.js';
import { FileKeyStore } from '../../src/keys/file-key-store.js';
import type { DialogueId, MemberId, PartyId } from '../../src/record/index.js';
import { openStore, type SqlStore } from '../../src/store/index.js';
import { freePort } from '../fixtures/free-port.js';

const DIALOGUE = 'fed-talks' as DialogueId;
const N = 5;
const COST = { N: 1024, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** A TCP relay from `listenPort` to `targetPort` that can be cut (all connections dropped, new ones refused) and healed. */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** Every byte that crossed, both ways. */
  readonly seen: Buffer[] = [];
  constructor(readonly listenPort: number, private readonly targetPort: number) {}
  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => { client.destroy(); upstream.destroy(); });
      }
      client.on('data', (chunk: Buffer) => this.seen.push(chunk));
      upstream.on('data', (chunk: Buffer) => this.seen.push(chunk));
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.listenPort, '127.0.0.1', resolve));
  }
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

interface NodeProcess { readonly name: string; readonly dir: string; readonly port: number; child?: ChildProcess }

function serve(node: NodeProcess): Promise<void> {
  const child = spawn(process.execPath, ['bin/parley.js', 'serve', '--data', node.dir, '--port', String(node.port)], {
    env: { ...process.env, PARLEY_LOG_LEVEL: 'warn', PARLEY_HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  node.child = child;
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('serving')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.once('exit', (code) => reject(new Error(`${node.name} exited ${code}: ${out}`)));
  });
}

async function stop(node: NodeProcess): Promise<void> {
  const child = node.child;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/** Logs in over the API and returns a function that posts an informal message. */
async function poster(port: number, member: string, password: string): Promise<(text: string) => Promise<void>> {
  const base = `http://127.0.0.1:${port}/api/v1`;
  const login = await fetch(`${base}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ member, password }) });
  expect(login.status, await login.clone().text()).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return async (text) => {
    const response = await fetch(`${base}/dialogues/${DIALOGUE}/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ kind: 'informal', text: { en: text } }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
  };
}

describe('three parley serve processes on loopback', () => {
  const root = mkdtempSync(join(tmpdir(), 'parley-multi-node-'));
  const nodes: Record<'alpha' | 'beta' | 'witness', NodeProcess> = {} as never;
  const relays: Relay[] = [];
  const readers: SqlStore[] = [];
  const expectedTexts: string[] = [];
  let postRed: (text: string) => Promise<void>;
  let postBlue: (text: string) => Promise<void>;

  const reader = (dir: string) => {
    const store = openStore({ sqlitePath: join(dir, 'parley.db') });
    readers.push(store);
    return store;
  };

  beforeAll(async () => {
    const [alphaPort, betaPort, witnessPort, alphaRelay, betaRelay] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    nodes.alpha = { name: 'alpha.test', dir: join(root, 'alpha'), port: alphaPort };
    nodes.beta = { name: 'beta.test', dir: join(root, 'beta'), port: betaPort };
    nodes.witness = { name: 'witness.test', dir: join(root, 'witness'), port: witnessPort };
    // Peers reach alpha and beta only through the relays (their published URLs); the witness directly.
    const urls = { alpha: `http://127.0.0.1:${alphaRelay}`, beta: `http://127.0.0.1:${betaRelay}`, witness: `http://127.0.0.1:${witnessPort}` };
    relays.push(new Relay(alphaRelay, alphaPort), new Relay(betaRelay, betaPort));

    const ctx: Record<string, NodeContext> = {};
    for (const key of ['alpha', 'beta', 'witness'] as const) {
      ctx[key] = await initNode({ dataDir: nodes[key].dir, name: nodes[key].name, url: urls[key] });
    }
    for (const [key, party] of [['alpha', 'red'], ['beta', 'blue']] as const) {
      const node = ctx[key]!.node;
      await node.hostParty(party as PartyId, { en: party === 'red' ? 'Red' : 'Blue' });
      await node.addMember({ id: `${party}-principal` as MemberId, party: party as PartyId, name: `${party} principal`, roles: ['principal'] });
      await new AuthService({ store: ctx[key]!.store, privates: ctx[key]!.store.privates, clock: node.clock, cost: COST })
        .setPassword(`${party}-principal` as MemberId, `${party}-password-2026`);
      // Private data, with markers that must never cross.
      await node.addMember({ id: `${party}-observer` as MemberId, party: party as PartyId, name: `MEMBER-NAME-${party}-5c1e`, roles: ['observer'] });
    }
    const pin = async (on: string, of: string) => pinPeer(ctx[on]!, await nodeInfo(ctx[of]!), new Date());
    await pin('alpha', 'beta');
    await pin('beta', 'alpha');
    for (const peer of ['alpha', 'beta']) {
      await pin(peer, 'witness');
      await pin('witness', peer);
    }
    const spec = { id: DIALOGUE, title: { en: 'Federated talks' }, parties: ['red', 'blue'] as PartyId[], createdAt: new Date().toISOString() };
    await expectFederatedDialogue(ctx.beta!.node, spec);
    await openFederatedDialogue(ctx.alpha!.node, spec);
    for (const [key, party] of [['alpha', 'red'], ['beta', 'blue']] as const) {
      await ctx[key]!.store.privates.addPrivateNote({
        id: `note-${party}`, party: party as PartyId, dialogue: DIALOGUE, author: `${party}-principal` as MemberId, subject: 'x',
        text: { en: `PRIVATE-NOTE-${party}-9d2f` }, createdAt: new Date().toISOString(),
      });
    }
    for (const c of Object.values(ctx)) await c.close();

    for (const relay of relays) await relay.open();
    await Promise.all(Object.values(nodes).map(serve));
    postRed = await poster(nodes.alpha.port, 'red-principal', 'red-password-2026');
    postBlue = await poster(nodes.beta.port, 'blue-principal', 'blue-password-2026');
  });

  afterAll(async () => {
    for (const store of readers) await store.close();
    await Promise.all(Object.values(nodes).map((node) => stop(node)));
    for (const relay of relays) await relay.cut();
    rmSync(root, { recursive: true, force: true });
  });

  /** Waits until both nodes hold at least `minimum` messages and equal state digests (the same events). */
  async function converged(minimum: number) {
    const alpha = reader(nodes.alpha.dir);
    const beta = reader(nodes.beta.dir);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [a, b] = [await alpha.stateDigest(DIALOGUE), await beta.stateDigest(DIALOGUE)];
      const complete = (await texts(alpha)).length >= minimum && (await texts(beta)).length >= minimum;
      if (a.digest === b.digest && complete) return { alpha, beta, digest: a };
      if (Date.now() > deadline) throw new Error(`no convergence: alpha ${JSON.stringify(a)} beta ${JSON.stringify(b)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async function texts(store: SqlStore): Promise<string[]> {
    const events = await store.events(DIALOGUE, 0, 100_000);
    return events.filter((e) => e.event.type === 'message.posted').map((e) => (e.event.body as { text: { en: string } }).text.en).sort();
  }

  it('the dialogue opened on alpha reaches beta, whose party joins; a first exchange converges', async () => {
    for (let i = 0; i < 3; i++) {
      for (const [post, who] of [[postRed, 'red'], [postBlue, 'blue']] as const) {
        const text = `${who} before ${i}`;
        expectedTexts.push(text);
        await post(text);
      }
    }
    const { alpha, digest } = await converged(expectedTexts.length);
    const types = (await alpha.events(DIALOGUE, 0, 1000)).map((e) => `${e.event.party}:${e.event.type}`);
    expect(types).toContain('blue:dialogue.joined');
    expect(await texts(alpha)).toEqual([...expectedTexts].sort());
    expect(digest.events).toBeGreaterThanOrEqual(2 + 6 + 6);
  });

  it(`after a partition with ${N} messages on each side, both converge: same events exactly once, equal digests, cosigned checkpoints`, async () => {
    for (const relay of relays) await relay.cut();
    for (let i = 0; i < N; i++) {
      for (const [post, who] of [[postRed, 'red'], [postBlue, 'blue']] as const) {
        const text = `${who} during ${i}`;
        expectedTexts.push(text);
        await post(text);
      }
    }
    // While cut, neither side has the other's new messages.
    const alphaStore = reader(nodes.alpha.dir);
    expect((await texts(alphaStore)).filter((t) => t.startsWith('blue during'))).toEqual([]);
    for (const relay of relays) await relay.open();

    const { alpha, beta } = await converged(expectedTexts.length);
    for (const store of [alpha, beta]) {
      const events = await store.events(DIALOGUE, 0, 100_000);
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      expect(await texts(store)).toEqual([...expectedTexts].sort());
      // Every message has its delivery receipt from the other party, exactly once.
      const receipts = events.filter((e) => e.event.type === 'message.delivered');
      expect(receipts.length).toBe(expectedTexts.length);
    }
    expect((await alpha.log(DIALOGUE)).size).toBe((await beta.log(DIALOGUE)).size);

    // Each node's latest checkpoint gets cosigned by its peer and by the witness.
    for (const [key, peer] of [['alpha', 'beta.test'], ['beta', 'alpha.test']] as const) {
      const store = reader(nodes[key].dir);
      const records = new RecordService({ store, keys: new FileKeyStore(nodes[key].dir, nodes[key].name) });
      const size = (await store.log(DIALOGUE)).size;
      const deadline = Date.now() + 60_000;
      for (;;) {
        const cosigners = (await verifiedCosignatures(store, records, DIALOGUE)).filter((c) => c.size === size).map((c) => c.cosigner).sort();
        if (cosigners.length === 2) {
          expect(cosigners).toEqual([peer, 'witness.test'].sort());
          break;
        }
        if (Date.now() > deadline) throw new Error(`${key}: checkpoint ${size} cosigned only by ${cosigners.join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    // Nothing private crossed between the nodes (every byte through the relays), while the record did.
    const wire = Buffer.concat(relays.flatMap((relay) => relay.seen)).toString('latin1');
    for (const marker of ['PRIVATE-NOTE-red-9d2f', 'PRIVATE-NOTE-blue-9d2f', 'MEMBER-NAME-red-5c1e', 'MEMBER-NAME-blue-5c1e', 'red-password-2026', 'blue-password-2026']) {
      expect(wire).not.toContain(marker);
    }
    expect(wire).toContain('red during 0');
    // The witness kept no evidence of equivocation.
    expect(await reader(nodes.witness.dir).peers.conflicts()).toEqual([]);
  });

  it(`with beta stopped while alpha records ${N} messages, beta catches up when it starts again`, async () => {
    await stop(nodes.beta);
    for (let i = 0; i < N; i++) {
      const text = `red while beta down ${i}`;
      expectedTexts.push(text);
      await postRed(text);
    }
    await serve(nodes.beta);
    postBlue = await poster(nodes.beta.port, 'blue-principal', 'blue-password-2026');
    await postBlue('blue after restart');
    expectedTexts.push('blue after restart');
    const { alpha, beta } = await converged(expectedTexts.length);
    for (const store of [alpha, beta]) {
      const events = await store.events(DIALOGUE, 0, 100_000);
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      expect(await texts(store)).toEqual([...expectedTexts].sort());
    }
  });
});
