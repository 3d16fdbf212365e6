// A node watches its peer's log: every round it fetches the peer's latest checkpoint and
// checks it against the last one it cosigned for that log with a consistency proof from the
// peer. An honest, growing log passes; a peer serving a checkpoint that contradicts what was
// cosigned (a forked log) is caught, the evidence kept with both signed notes, and
// `parley verify` reports the equivocation, and the party hosted here is alerted. Two nodes in-process, own SQLite each, real HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNode, openNode, type NodeContext } from '../../src/app/node-context.js';
import { main } from '../../src/cli/main.js';
import {
  FederationInbox, Replicator, expectFederatedDialogue, nodeInfo, openFederatedDialogue, pinPeer,
} from '../../src/federation/index.js';
import { buildHttpApp } from '../../src/http/app.js';
import type { LiveNotice } from '../../src/node/index.js';
import { signCheckpoint, type DialogueId, type MemberId, type PartyId } from '../../src/record/index.js';
import { freePort } from '../fixtures/free-port.js';

const DIALOGUE = 'watched' as DialogueId;

describe('watching the peer\'s checkpoints', () => {
  const root = mkdtempSync(join(tmpdir(), 'parley-fed-monitor-'));
  let red: NodeContext;
  let blue: NodeContext;
  const apps: FastifyInstance[] = [];
  let redReplicator: Replicator;
  let blueReplicator: Replicator;
  const origin = `red.test/${DIALOGUE}`;

  const post = (text: string) => red.node.postMessage({ dialogue: DIALOGUE, member: 'red-principal' as MemberId, kind: 'informal', text: { en: text } });

  beforeAll(async () => {
    const [redPort, bluePort] = [await freePort(), await freePort()];
    red = await initNode({ dataDir: join(root, 'red'), name: 'red.test', url: `http://127.0.0.1:${redPort}` });
    blue = await initNode({ dataDir: join(root, 'blue'), name: 'blue.test', url: `http://127.0.0.1:${bluePort}` });
    await red.node.hostParty('red' as PartyId, { en: 'Red' });
    await blue.node.hostParty('blue' as PartyId, { en: 'Blue' });
    await red.node.addMember({ id: 'red-principal' as MemberId, party: 'red' as PartyId, name: 'red principal', roles: ['principal'] });
    await pinPeer(red, await nodeInfo(blue), new Date());
    await pinPeer(blue, await nodeInfo(red), new Date());
    const spec = { id: DIALOGUE, title: { en: 'Watched' }, parties: ['red', 'blue'] as PartyId[], createdAt: new Date().toISOString() };
    await expectFederatedDialogue(blue.node, spec);
    await openFederatedDialogue(red.node, spec);
    for (const [ctx, port] of [[red, redPort], [blue, bluePort]] as const) {
      const app = await buildHttpApp(ctx, { logLevel: 'silent', webRoot: false, webhooks: false, replication: false });
      await app.listen({ host: '127.0.0.1', port });
      apps.push(app);
    }
    const replicator = (ctx: NodeContext) => new Replicator({ name: ctx.name, keys: ctx.keys, store: ctx.store, records: ctx.records, clock: ctx.node.clock, live: ctx.node.live, inbox: new FederationInbox(ctx.node), node: ctx.node });
    redReplicator = replicator(red);
    blueReplicator = replicator(blue);
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await red?.close();
    await blue?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('an honest log: blue cosigns red\'s checkpoints and finds each later one consistent', async () => {
    await post('one');
    for (let i = 0; i < 3; i++) {
      await redReplicator.round();
      await blueReplicator.round();
    }
    const cosigned = (await blue.store.peers.witnessed(origin))!;
    expect(cosigned.size).toBe((await red.store.log(DIALOGUE)).size);
    await post('two');
    await post('three');
    await blueReplicator.round();
    expect(await blue.store.peers.conflicts()).toEqual([]);
  });

  it('a dialogue opened later reaches the peer without `dialogue expect`: its opening creates it there and blue joins', async () => {
    await openFederatedDialogue(red.node, { id: 'later' as DialogueId, title: { en: 'Later' }, parties: ['red', 'blue'] as PartyId[], createdAt: new Date().toISOString() });
    const report = await redReplicator.round();
    expect(report.failed).toEqual([]);
    expect(await red.store.peers.cursor('blue.test', 'later' as DialogueId, 'push')).toBe(1);
    await blueReplicator.round();
    const types = (await blue.store.events('later' as DialogueId, 0, 10)).map((e) => `${e.event.party}:${e.event.type}`);
    expect(types).toEqual(['red:dialogue.opened', 'blue:dialogue.joined']);
  });

  it('a peer serving a forked checkpoint is caught: evidence kept with both notes, parley verify reports it', async () => {
    await post('four');
    for (let i = 0; i < 2; i++) {
      await blueReplicator.round();
      await redReplicator.round();
    }
    const cosigned = (await blue.store.peers.witnessed(origin))!;
    // Red records one more, then serves for that size a checkpoint of another tree (a fork);
    // blue's next round pulls it (its receipt is pushed only on the round after) and checks.
    await post('five');
    const size = (await red.store.log(DIALOGUE)).size;
    expect(size).toBeGreaterThan(cosigned.size);
    const forged = signCheckpoint({ origin, size, root: Buffer.alloc(32, 0xab) }, { name: 'red.test', key: red.keys.noteKey() });
    await red.store.putCheckpoint(DIALOGUE, { size, note: forged });
    const notices: LiveNotice[] = [];
    const unsubscribe = blue.node.live.subscribe((notice) => void (notice.kind === 'private' && notices.push(notice)));
    expect((await blueReplicator.round()).failed).toEqual([]);
    unsubscribe();
    // Blue's party is alerted at once on its private live stream.
    expect(notices).toEqual([expect.objectContaining({ party: 'blue', type: 'federation.checkpoint_equivocation', data: expect.objectContaining({ origin, source: 'red.test' }) })]);
    const [conflict] = await blue.store.peers.conflicts(origin);
    expect(conflict).toMatchObject({ source: 'red.test', knownNote: cosigned.note, offeredNote: forged });
    expect(conflict!.reason).toMatch(/^served: inconsistent with the cosigned checkpoint/);
    // Blue's node also puts the fork on the record, once, so red's members learn of it too.
    const reportsOf = async () => (await blue.store.events(DIALOGUE, 0, 10_000)).filter((e) => e.event.type === 'record.fork_reported');
    const [report] = await reportsOf();
    expect(report?.event).toMatchObject({
      party: 'blue', member: null,
      body: { evidence: { kind: 'checkpoint', origin, sizes: [cosigned.size, size], roots: [cosigned.root.toString('base64'), Buffer.alloc(32, 0xab).toString('base64')] }, source: 'red.test' },
    });
    await blueReplicator.round();
    expect(await reportsOf()).toHaveLength(1);
    await blue.close();
    const verify = await run('verify', '--data', join(root, 'blue'));
    blue = await openNode(join(root, 'blue'));
    expect(verify.code).toBe(1);
    expect(verify.out).toContain(`EQUIVOCATION log ${origin}: served: inconsistent`);
  });
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}
