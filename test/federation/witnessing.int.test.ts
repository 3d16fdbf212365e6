// Witnessing end to end over loopback: the replicator asks a neutral witness node to cosign
// this node's checkpoints (first from size 0, then with a consistency proof from the size it
// cosigned), keeps the verified cosignatures, serves them on the checkpoint, and
// `parley verify --data` shows both signatures; a witness that is down is retried with
// backoff; evidence of a forked log makes `parley verify` report the equivocation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNode, openNode, type NodeContext } from '../../src/app/node-context.js';
import { main } from '../../src/cli/main.js';
import { Replicator, nodeInfo, pinPeer, verifiedCosignatures } from '../../src/federation/index.js';
import { buildHttpApp } from '../../src/http/app.js';
import { openCosignatures, parseCosignerKey, type DialogueId, type MemberId } from '../../src/record/index.js';

const DIALOGUE = 'pacific-channels' as DialogueId;

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

describe('witnessing through the replicator', () => {
  const root = mkdtempSync(join(tmpdir(), 'parley-fed-witness-'));
  const dirs = { alpha: join(root, 'alpha'), witness: join(root, 'witness') };
  let alpha: NodeContext;
  let witness: NodeContext;
  let witnessApp: FastifyInstance | undefined;
  let replicator: Replicator;
  let port = 0;

  const startWitness = async () => {
    witnessApp = await buildHttpApp(witness, { logLevel: 'silent', webRoot: false, webhooks: false, replication: false });
    const address = await witnessApp.listen({ host: '127.0.0.1', port });
    port = Number(new URL(address).port);
    return address;
  };

  beforeAll(async () => {
    await (await initNode({ dataDir: dirs.alpha, name: 'alpha.test' })).close();
    expect((await run('import', 'scenarios/demo.yaml', '--data', dirs.alpha)).code).toBe(0);
    alpha = await openNode(dirs.alpha);
    witness = await initNode({ dataDir: dirs.witness, name: 'witness.test' });
    const url = await startWitness();
    await pinPeer(alpha, { ...(await nodeInfo(witness)), url }, new Date());
    await pinPeer(witness, await nodeInfo(alpha), new Date());
    replicator = new Replicator(
      { name: alpha.name, keys: alpha.keys, store: alpha.store, records: alpha.records, clock: alpha.node.clock },
      { backoffMs: 60_000, maxBackoffMs: 600_000, random: () => 0.5 },
    );
  });

  afterAll(async () => {
    await witnessApp?.close();
    await alpha?.close();
    await witness?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('a first round gets the witness\'s cosignature on the latest checkpoint; the checkpoint route carries it', async () => {
    const report = await replicator.round();
    expect(report).toMatchObject({ cosigned: 1, failed: [] });
    const size = (await alpha.store.log(DIALOGUE)).size;
    expect(await verifiedCosignatures(alpha.store, alpha.records, DIALOGUE)).toEqual([expect.objectContaining({ cosigner: 'witness.test', size })]);
    expect((await witness.store.peers.witnessed(`alpha.test/${DIALOGUE}`))?.size).toBe(size);
    // Nothing new: nothing asked.
    expect((await replicator.round()).cosigned).toBe(0);
  });

  it('after the log grows, the next round proves consistency from the cosigned size and is cosigned again', async () => {
    await alpha.node.postMessage({ dialogue: DIALOGUE, member: 'aurelia-principal' as MemberId, kind: 'informal', text: { en: 'grown' } });
    expect((await replicator.round()).cosigned).toBe(1);
    const size = (await alpha.store.log(DIALOGUE)).size;
    expect((await witness.store.peers.witnessed(`alpha.test/${DIALOGUE}`))?.size).toBe(size);
    const { note } = await alpha.records.checkpointAt(DIALOGUE, size);
    const line = (await alpha.store.peers.cosignatures(DIALOGUE, size))[0]!.line;
    const cosigner = parseCosignerKey((await nodeInfo(witness)).cosignerKey);
    expect(openCosignatures(`${note}${line}\n`, [cosigner]).map((c) => c.name)).toEqual(['witness.test']);
  });

  it('parley verify --data shows the log signature and the witness cosignature', async () => {
    await alpha.close();
    const result = await run('verify', '--data', dirs.alpha, '--json');
    alpha = await openNode(dirs.alpha);
    expect(result.code, result.err + result.out).toBe(0);
    const [row] = JSON.parse(result.out) as { checkpointSigner: string; size: number; cosignatures: { cosigner: string; size: number }[] }[];
    expect(row!.checkpointSigner).toBe('alpha.test');
    expect(row!.cosignatures).toEqual([expect.objectContaining({ cosigner: 'witness.test', size: row!.size })]);
    const text = await run('verify', '--data', dirs.alpha);
    expect(text.out).toMatch(/signed by alpha\.test\n {2}checkpoint size \d+ cosigned by witness\.test at /);
  });

  it('a witness that is down fails the round and is not asked again before its backoff', async () => {
    await witnessApp!.close();
    witnessApp = undefined;
    await alpha.node.postMessage({ dialogue: DIALOGUE, member: 'aurelia-principal' as MemberId, kind: 'informal', text: { en: 'while down' } });
    replicator = new Replicator(
      { name: alpha.name, keys: alpha.keys, store: alpha.store, records: alpha.records, clock: alpha.node.clock },
      { backoffMs: 60_000, maxBackoffMs: 600_000, random: () => 0.5, timeoutMs: 2_000 },
    );
    expect((await replicator.round()).failed).toEqual(['witness.test']);
    expect(await replicator.round()).toMatchObject({ failed: [], cosigned: 0 });
    expect([1, 2, 3, 20].map((n) => replicator.backoff(n))).toEqual([45_000, 90_000, 180_000, 450_000]);
  });

  it('evidence of a forked log kept by a witness makes parley verify report the equivocation and fail', async () => {
    await witness.store.peers.recordConflict({
      id: 'c1', origin: `alpha.test/${DIALOGUE}`, source: 'alpha.test', reason: 'same size, different root',
      knownNote: 'a\n', offeredNote: 'b\n', proof: [], at: '2026-01-01T00:00:00.000Z',
    });
    await witness.close();
    const result = await run('verify', '--data', dirs.witness);
    witness = await openNode(dirs.witness);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`EQUIVOCATION log alpha.test/${DIALOGUE}: same size, different root`);
  });
});
