// A node that refuses another node's events, over real HTTP on loopback (docs/federation.md §5,
// decision 0023): the sending node learns it from the push answer (the replicator's
// `onRefused`, which `parley serve` logs), the refusing node's operator sees why with
// `parley peer inbox`, and once the cause is gone `parley peer inbox --retry` takes the events
// in, after which the two nodes converge.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { openNode, type NodeContext } from '../../src/app/node-context.js';
import { main } from '../../src/cli/main.js';
import { FederationInbox, type RefusedByPeer } from '../../src/federation/index.js';
import { buildHttpApp, type HttpOptions } from '../../src/http/app.js';
import type { DialogueId } from '../../src/record/index.js';

const DIALOGUE = 'refused-talks' as DialogueId;

async function cli(...argv: string[]): Promise<string> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  expect(code, `${argv.join(' ')}: ${err}`).toBe(0);
  return out;
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('events refused by the other node', () => {
  const root = mkdtempSync(join(tmpdir(), 'parley-refusals-'));
  const running: { app: FastifyInstance; ctx: NodeContext }[] = [];
  afterAll(async () => {
    for (const { app, ctx } of running) {
      await app.close();
      await ctx.close();
    }
    rmSync(root, { recursive: true, force: true });
  });

  async function serve(dir: string, options: (ctx: NodeContext) => HttpOptions, port = 0): Promise<{ app: FastifyInstance; ctx: NodeContext; url: string }> {
    const ctx = await openNode(dir);
    const app = await buildHttpApp(ctx, { logLevel: 'silent', webRoot: false, webhooks: false, ...options(ctx) });
    const url = await app.listen({ host: '127.0.0.1', port });
    running.push({ app, ctx });
    return { app, ctx, url };
  }

  async function stop(node: { app: FastifyInstance; ctx: NodeContext }): Promise<void> {
    running.splice(running.findIndex((r) => r.app === node.app), 1);
    await node.app.close();
    await node.ctx.close();
  }

  it('given blue\'s node refuses red\'s events, then red\'s node is told which and why; when blue\'s operator retries after the fix, blue takes them in and the nodes converge', async () => {
    const [red, blue] = [join(root, 'red'), join(root, 'blue')];
    for (const [dir, name] of [[red, 'red'], [blue, 'blue']] as const) {
      await cli('init', '--data', dir, '--name', `${name}.test`);
      await cli('party', 'create', name, '--name', name, '--data', dir);
    }
    const refusedByBlue: { peer: string; dialogue: string; refused: readonly RefusedByPeer[] }[] = [];
    const redNode = await serve(red, () => ({ replication: { intervalMs: 100, onRefused: (peer, dialogue, refused) => refusedByBlue.push({ peer, dialogue, refused }) } }));
    // Blue's inbox takes no event over 200 bytes (a stand-in for any cause an operator can fix:
    // a key not yet pinned, a version that does not know the type); blue pulls nothing itself.
    let blueNode = await serve(blue, (ctx) => ({ replication: false, federation: { inbox: new FederationInbox(ctx.node, { maxEventBytes: 200 }) } }));
    for (const [on, of, url] of [[red, blue, blueNode.url], [blue, red, redNode.url]] as const) {
      const file = join(root, `${of === red ? 'red' : 'blue'}-info.json`);
      writeFileSync(file, JSON.stringify({ ...JSON.parse(await cli('node', 'info', '--data', of, '--json')) as object, url }));
      await cli('peer', 'add', '--info', file, '--data', on);
    }
    await cli('dialogue', 'expect', DIALOGUE, '--title', 'Refused talks', '--party', 'red', '--party', 'blue', '--data', blue);
    await cli('dialogue', 'open', DIALOGUE, '--title', 'Refused talks', '--party', 'red', '--party', 'blue', '--data', red);

    // Red's node pushed its opening; blue's answer refused it, and red's node was told.
    await until('red is told', async () => refusedByBlue.length > 0);
    const [opened] = await redNode.ctx.store.events(DIALOGUE, 0, 1);
    expect(refusedByBlue[0]).toEqual({
      peer: 'blue.test', dialogue: DIALOGUE, refused: [{ id: opened!.id, status: 'rejected', reason: expect.stringMatching(/^too_large: \d+ bytes, at most 200$/) }],
    });
    expect((await blueNode.ctx.store.log(DIALOGUE)).size).toBe(0);
    const listed = await cli('peer', 'inbox', '--data', blue, '--dialogue', DIALOGUE);
    expect(listed).toMatch(/refused {2}red seq 1 dialogue\.opened from red\.test at .*: too_large/);

    // Blue's operator fixes the cause (here: restarts the node with the usual inbox) and retries.
    await stop(blueNode);
    // On the same port: red's node has it pinned.
    blueNode = await serve(blue, () => ({ replication: false }), Number(new URL(blueNode.url).port));
    expect(await cli('peer', 'inbox', '--data', blue, '--dialogue', DIALOGUE, '--retry')).toContain('retried 1 refused event(s): 1 appended');
    expect((await blueNode.ctx.store.events(DIALOGUE, 0, 10)).map((s) => `${s.event.party}:${s.event.type}`)).toEqual(['red:dialogue.opened', 'blue:dialogue.joined']);
    expect(await cli('peer', 'inbox', '--data', blue, '--dialogue', DIALOGUE)).toContain(`${DIALOGUE}: 0 event(s) waiting, 0 refused`);

    // Red's node pulls blue's joining; both hold the same record.
    await until('the nodes converge', async () => {
      const [a, b] = [await redNode.ctx.store.stateDigest(DIALOGUE), await blueNode.ctx.store.stateDigest(DIALOGUE)];
      return a.events === 2 && a.digest === b.digest;
    });
  });
});
