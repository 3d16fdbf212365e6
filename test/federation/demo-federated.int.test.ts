// `parley demo --federated`: the demo scenario played across two nodes on loopback, one per
// party, each with its own database and members; both end with the same record (equal state
// digests), each party logs in only on its own node, and once served each node's checkpoint
// is cosigned by the other.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNode } from '../../src/app/node-context.js';
import { federatedLayout, serveFederatedDemo, setUpFederatedDemo, type FederatedNode } from '../../src/cli/demo-federated.js';
import { verifiedCosignatures } from '../../src/federation/index.js';
import type { DialogueId } from '../../src/record/index.js';
import { parseScenario } from '../../src/scenario/index.js';

const DIALOGUE = 'pacific-channels' as DialogueId;

async function freePortPair(): Promise<number> {
  for (;;) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const next = createServer();
    const free = await new Promise<boolean>((resolve) => {
      next.once('error', () => resolve(false));
      next.listen(port + 1, '127.0.0.1', () => resolve(true));
    });
    if (free) {
      await new Promise<void>((resolve) => next.close(() => resolve()));
      return port;
    }
  }
}

describe('parley demo --federated', () => {
  const root = mkdtempSync(join(tmpdir(), 'parley-demo-fed-'));
  const scenario = parseScenario(readFileSync('scenarios/demo.yaml', 'utf8'));
  let nodes: FederatedNode[];
  let stop: () => Promise<void> = async () => {};
  let output = '';
  const io = { out: (s: string) => void (output += s), err: (s: string) => void (output += s) };

  beforeAll(async () => {
    nodes = federatedLayout(root, scenario, '127.0.0.1', await freePortPair());
    await setUpFederatedDemo(nodes, scenario, DIALOGUE, io);
    stop = await serveFederatedDemo(nodes, scenario, DIALOGUE, io, { wait: false });
  });

  afterAll(async () => {
    await stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('prints both URLs and each party\'s logins', () => {
    for (const n of nodes) expect(output).toContain(`Web app: ${n.url}/`);
    expect(output).toMatch(/aurelia-principal\s+demo-principal-2026/);
    expect(output).toMatch(/boreas-principal\s+demo-principal-2026/);
    expect(output).toMatch(/played the demo scenario across 2 nodes: \d+ events/);
  });

  it('each party logs in on its own node only, and both nodes show the same working groups', async () => {
    const login = (url: string, member: string) => fetch(`${url}/api/v1/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ member, password: 'demo-principal-2026' }),
    });
    const [aurelia, boreas] = nodes;
    expect((await login(boreas!.url, 'aurelia-principal')).status).toBe(401);
    expect((await login(aurelia!.url, 'boreas-principal')).status).toBe(401);
    const lists: string[][] = [];
    for (const [n, member] of [[aurelia!, 'aurelia-principal'], [boreas!, 'boreas-principal']] as const) {
      const response = await login(n.url, member);
      expect(response.status).toBe(200);
      const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
      const groups = await fetch(`${n.url}/api/v1/dialogues/${DIALOGUE}/working-groups`, { headers: { cookie } });
      expect(groups.status).toBe(200);
      const body = await groups.json() as { items: { id: string; status: string }[] };
      lists.push(body.items.map((g) => `${g.id}:${g.status}`).sort());
    }
    expect(lists[0]!.length).toBeGreaterThanOrEqual(3);
    expect(lists[0]).toEqual(lists[1]);
  });

  it('both nodes hold the same record, and each node\'s checkpoint gets cosigned by the other', async () => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const found: string[] = [];
      const digests: string[] = [];
      for (const n of nodes) {
        const ctx = await openNode(n.dir);
        try {
          digests.push((await ctx.store.stateDigest(DIALOGUE)).digest);
          const size = (await ctx.store.log(DIALOGUE)).size;
          found.push(...(await verifiedCosignatures(ctx.store, ctx.records, DIALOGUE)).filter((c) => c.size === size).map((c) => `${n.name}<-${c.cosigner}`));
        } finally {
          await ctx.close();
        }
      }
      if (found.length === 2 && digests[0] === digests[1]) {
        expect(found.sort()).toEqual([`${nodes[0]!.name}<-${nodes[1]!.name}`, `${nodes[1]!.name}<-${nodes[0]!.name}`]);
        return;
      }
      if (Date.now() > deadline) throw new Error(`not cosigned in time: ${found.join(', ')}; digests ${digests.join(' ')}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
});
