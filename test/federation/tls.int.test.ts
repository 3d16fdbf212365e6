// Federation over HTTPS: alpha's `parley serve` speaks TLS (PARLEY_TLS_CERT / PARLEY_TLS_KEY,
// a certificate made here with OpenSSL), beta's trusts that certificate (NODE_EXTRA_CA_CERTS)
// and reaches alpha at its https:// URL; the dialogue opened on alpha reaches beta, beta's
// party joins, and the join travels back — every federation request and answer over TLS to
// alpha still RFC 9421-signed.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNode } from '../../src/app/node-context.js';
import { expectFederatedDialogue, nodeInfo, openFederatedDialogue, pinPeer } from '../../src/federation/index.js';
import type { DialogueId, PartyId } from '../../src/record/index.js';
import { openStore, type SqlStore } from '../../src/store/index.js';
import { freePort } from '../fixtures/free-port.js';

const DIALOGUE = 'tls-talks' as DialogueId;

function serve(dir: string, port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/parley.js', 'serve', '--data', dir, '--port', String(port)], {
    env: { ...process.env, PARLEY_LOG_LEVEL: 'warn', PARLEY_HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('serving')) resolve(child);
    });
    child.stderr!.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

describe('federation over HTTPS', () => {
  const root = mkdtempSync(join(tmpdir(), 'parley-fed-tls-'));
  const children: ChildProcess[] = [];
  const stores: SqlStore[] = [];
  let alphaPort = 0;
  let serveOutput = '';

  beforeAll(async () => {
    const cert = join(root, 'cert.pem');
    const key = join(root, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ed25519', '-nodes', '-days', '2', '-subj', '/CN=alpha.test',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'pipe' });
    alphaPort = await freePort();
    const betaPort = await freePort();
    const alpha = await initNode({ dataDir: join(root, 'alpha'), name: 'alpha.test', url: `https://127.0.0.1:${alphaPort}` });
    const beta = await initNode({ dataDir: join(root, 'beta'), name: 'beta.test', url: `http://127.0.0.1:${betaPort}` });
    await alpha.node.hostParty('red' as PartyId, { en: 'Red' });
    await beta.node.hostParty('blue' as PartyId, { en: 'Blue' });
    await pinPeer(alpha, await nodeInfo(beta), new Date());
    await pinPeer(beta, await nodeInfo(alpha), new Date());
    const spec = { id: DIALOGUE, title: { en: 'Over TLS' }, parties: ['red', 'blue'] as PartyId[], createdAt: new Date().toISOString() };
    await expectFederatedDialogue(beta.node, spec);
    await openFederatedDialogue(alpha.node, spec);
    await alpha.close();
    await beta.close();
    children.push(await serve(join(root, 'alpha'), alphaPort, { PARLEY_TLS_CERT: cert, PARLEY_TLS_KEY: key }));
    const betaChild = await serve(join(root, 'beta'), betaPort, { NODE_EXTRA_CA_CERTS: cert });
    betaChild.stderr!.on('data', (chunk: Buffer) => { serveOutput += chunk.toString(); });
    children.push(betaChild);
  });

  afterAll(async () => {
    for (const store of stores) await store.close();
    for (const child of children) {
      if (child.exitCode !== null) continue;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('alpha answers HTTPS only', async () => {
    await expect(fetch(`http://127.0.0.1:${alphaPort}/api/v1/openapi.json`)).rejects.toThrow();
  });

  it('the dialogue reaches beta over TLS and beta\'s join comes back', async () => {
    const alpha = openStore({ sqlitePath: join(root, 'alpha', 'parley.db') });
    const beta = openStore({ sqlitePath: join(root, 'beta', 'parley.db') });
    stores.push(alpha, beta);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [a, b] = [await alpha.stateDigest(DIALOGUE), await beta.stateDigest(DIALOGUE)];
      if (a.events === 2 && a.digest === b.digest) break;
      if (Date.now() > deadline) throw new Error(`no convergence over TLS: ${JSON.stringify([a, b])}; beta said: ${serveOutput.slice(0, 1000)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const types = (await alpha.events(DIALOGUE, 0, 10)).map((e) => `${e.event.party}:${e.event.type}`);
    expect(types).toEqual(['red:dialogue.opened', 'blue:dialogue.joined']);
  });
});
