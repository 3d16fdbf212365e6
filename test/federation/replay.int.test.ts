// Replayed federation messages (docs/federation.md §2, decisions/0021), over real HTTP on
// loopback between in-process nodes, on SQLite and on PostgreSQL: a byte-identical signed
// request sent again within its window is refused 401 `signature_replayed` and changes
// nothing — also at a second instance on the same database and after a restart; nonces are
// per peer; a request that fails verification never uses up the nonce it carries; and a
// genuine response replayed in answer to an identical request is refused by the client.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNode, openNode, type NodeContext } from '../../src/app/node-context.js';
import {
  FEDERATION_PATH, PeerClient, PeerUnavailableError, headerLookup, newNonce, nodeInfo, openFederatedDialogue, pinPeer, requestNonce, signRequest, verifyResponse,
} from '../../src/federation/index.js';
import { buildHttpApp } from '../../src/http/app.js';
import { generateSigningKey, parseVerifierKey, type DialogueId, type PartyId, type SigningKey } from '../../src/record/index.js';
import { TEST_POSTGRES_URL, createTestSchema, dropTestSchema } from '../../src/store/testing/postgres-schema.js';

const DIALOGUE = 'replay-talks' as DialogueId;
const engines = ['sqlite', 'postgres'] as const;

/** A signed request as it goes on the wire; sending it twice is a byte-identical replay. */
interface Signed {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

interface Answer {
  readonly status: number;
  readonly code: string | undefined;
  readonly text: string;
}

const seconds = () => Math.floor(Date.now() / 1000);

describe.each(engines)('replayed federation messages on %s', (engine) => {
  const root = mkdtempSync(join(tmpdir(), `parley-replay-${engine}-`));
  const schemas: string[] = [];
  const apps: FastifyInstance[] = [];
  const contexts: NodeContext[] = [];
  let alpha: NodeContext;
  let beta: NodeContext;
  let gamma: NodeContext;
  /**
   * Alpha's configured URL's authority: every request below is signed for it, whichever
   * instance of alpha (each on its own port) receives it.
   */
  const authority = 'alpha.test.example';

  async function newNode(name: string, url?: string): Promise<NodeContext> {
    let databaseUrl: string | undefined;
    if (engine === 'postgres') {
      const schema = await createTestSchema();
      schemas.push(schema);
      databaseUrl = `${TEST_POSTGRES_URL}?schema=${schema}`;
    }
    const ctx = await initNode({ dataDir: join(root, name), name, databaseUrl, url });
    contexts.push(ctx);
    return ctx;
  }

  /** Serves `ctx`'s /federation/v1 on a new loopback port; returns the port. */
  async function serve(ctx: NodeContext): Promise<number> {
    const app = await buildHttpApp(ctx, { logLevel: 'silent', webRoot: false, webhooks: false, replication: false });
    apps.push(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    return (app.server.address() as { port: number }).port;
  }

  function signed(from: NodeContext, method: Signed['method'], path: string, options: { body?: string; nonce?: string; created?: number; key?: SigningKey } = {}): Signed {
    const body = options.body ?? '';
    const headers = signRequest({
      method, targetUri: `http://${authority}${FEDERATION_PATH}${path}`, body, keyid: from.name,
      key: options.key ?? from.keys.noteKey(), created: options.created ?? seconds(), nonce: options.nonce ?? newNonce(),
    });
    return { method, path, body, headers: { ...headers, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) } };
  }

  /** Sends `request` to whatever listens on `port`, with `host` as its Host header. */
  function exchange(port: number, host: string, request: Signed): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest({
        host: '127.0.0.1', port, method: request.method, path: `${FEDERATION_PATH}${request.path}`,
        headers: { ...request.headers, host, 'content-length': Buffer.byteLength(request.body) },
      }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
      });
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }

  const codeOf = (answer: { status: number; text: string }) =>
    (answer.status === 200 ? undefined : (JSON.parse(answer.text) as { code?: string }).code);

  /**
   * Sends `request` to the instance of alpha listening on `port`, with alpha's authority as
   * its Host (as a reverse proxy in front of several instances would), and checks that the
   * answer is signed by alpha and echoes the request's nonce.
   */
  async function send(port: number, request: Signed): Promise<Answer> {
    const answer = await exchange(port, authority, request);
    verifyResponse(
      { status: answer.status, headers: headerLookup(answer.headers), body: answer.text },
      { method: request.method, targetUri: `http://${authority}${FEDERATION_PATH}${request.path}`, nonce: requestNonce(headerLookup(request.headers)) },
      { now: seconds(), keyid: alpha.name, key: parseVerifierKey(alpha.records.logKey()).key },
    );
    return { status: answer.status, code: codeOf(answer), text: answer.text };
  }

  /** What a replay must not change on alpha: the log, its checkpoint, the quarantine. */
  async function recordOf(ctx: NodeContext) {
    const { size, note } = await ctx.records.checkpoint(DIALOGUE);
    return { size, note, rejections: (await ctx.store.rejections(DIALOGUE)).length };
  }

  let port = 0;

  beforeAll(async () => {
    alpha = await newNode('alpha.test', `http://${authority}`);
    beta = await newNode('beta.test');
    gamma = await newNode('gamma.test');
    await alpha.node.hostParty('red' as PartyId, { en: 'Red' });
    await beta.node.hostParty('blue' as PartyId, { en: 'Blue' });
    port = await serve(alpha);
    await pinPeer(alpha, await nodeInfo(beta), new Date());
    await pinPeer(alpha, await nodeInfo(gamma), new Date());
    await pinPeer(beta, { ...(await nodeInfo(alpha)), url: `http://${authority}` }, new Date());
    await openFederatedDialogue(alpha.node, {
      id: DIALOGUE, title: { en: 'Replay talks' }, parties: ['red' as PartyId, 'blue' as PartyId], createdAt: '2026-01-01T00:00:00.000Z',
    });
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const ctx of contexts) await ctx.close();
    for (const schema of schemas) await dropTestSchema(schema);
    rmSync(root, { recursive: true, force: true });
  });

  it('given beta pushed a forged event (quarantined), when the byte-identical request is sent again, then it is refused 401 signature_replayed and the record is unchanged', async () => {
    const [opened] = await alpha.store.events(DIALOGUE, 0, 1);
    const forged = { ...opened!.event, seq: 999 };
    const push = signed(beta, 'POST', `/dialogues/${DIALOGUE}/events`, { body: JSON.stringify({ events: [forged] }) });
    const before = await recordOf(alpha);

    const first = await send(port, push);
    expect(first.status, first.text).toBe(200);
    expect(JSON.parse(first.text)).toMatchObject([{ status: 'rejected' }]);
    const after = await recordOf(alpha);
    expect(after).toEqual({ ...before, rejections: before.rejections + 1 });

    const replay = await send(port, push);
    expect(replay).toMatchObject({ status: 401, code: 'signature_replayed' });
    expect(await recordOf(alpha)).toEqual(after);
  });

  it('a nonce beta used is still new for gamma (nonces are per peer), and refused on gamma\'s second use', async () => {
    const nonce = newNonce();
    expect((await send(port, signed(beta, 'GET', `/dialogues/${DIALOGUE}/checkpoint`, { nonce }))).status).toBe(200);
    // Gamma hosts no party of the dialogue: 403 means its signature and nonce were accepted.
    const fromGamma = signed(gamma, 'GET', `/dialogues/${DIALOGUE}/checkpoint`, { nonce });
    expect(await send(port, fromGamma)).toMatchObject({ status: 403, code: 'peer_not_in_dialogue' });
    expect(await send(port, fromGamma)).toMatchObject({ status: 401, code: 'signature_replayed' });
  });

  it('requests that fail verification do not use up their nonce: the genuine request with it succeeds later', async () => {
    const nonce = newNonce();
    const path = `/dialogues/${DIALOGUE}/events?from=0&limit=1`;
    expect(await send(port, signed(beta, 'GET', path, { nonce, key: generateSigningKey().key }))).toMatchObject({ status: 401, code: 'signature_invalid' });
    expect(await send(port, signed(beta, 'GET', path, { nonce, created: seconds() - 400 }))).toMatchObject({ status: 401, code: 'signature_stale' });
    const genuine = signed(beta, 'GET', path, { nonce });
    expect((await send(port, genuine)).status).toBe(200);
    expect(await send(port, genuine)).toMatchObject({ status: 401, code: 'signature_replayed' });
  });

  it('a request without a nonce is refused 401 signature_malformed', async () => {
    const request = signed(beta, 'GET', `/dialogues/${DIALOGUE}/checkpoint`);
    const withoutNonce = { ...request, headers: { ...request.headers, 'signature-input': request.headers['signature-input']!.replace(/;nonce="[^"]*"/, '') } };
    expect(await send(port, withoutNonce)).toMatchObject({ status: 401, code: 'signature_malformed' });
  });

  it('given a request answered by one instance, then a second instance on the same database refuses its replay, and so does the node after a restart', async () => {
    const push = signed(beta, 'POST', `/dialogues/${DIALOGUE}/events`, { body: JSON.stringify({ events: [] }) });
    expect((await send(port, push)).status).toBe(200);
    const before = await recordOf(alpha);

    const second = await openNode(alpha.dataDir);
    contexts.push(second);
    const secondPort = await serve(second);
    expect(await send(secondPort, push)).toMatchObject({ status: 401, code: 'signature_replayed' });

    // Restart: every instance stops; a new one opens the same database.
    for (const app of apps.splice(0)) await app.close();
    for (const ctx of contexts.filter((c) => c.dataDir === alpha.dataDir)) {
      await ctx.close();
      contexts.splice(contexts.indexOf(ctx), 1);
    }
    alpha = await openNode(alpha.dataDir);
    contexts.push(alpha);
    port = await serve(alpha);
    expect(await send(port, push)).toMatchObject({ status: 401, code: 'signature_replayed' });
    expect(await recordOf(alpha)).toEqual(before);
    // A new request still goes through.
    expect((await send(port, signed(beta, 'GET', `/dialogues/${DIALOGUE}/checkpoint`))).status).toBe(200);
  });

  it('a genuine response replayed in answer to an identical request is refused by the client (signature_unbound)', async () => {
    // Alpha's current address (the node may have restarted on another port above).
    const peer = (await beta.store.peers.peer(alpha.name))!;
    const client = new PeerClient({ name: beta.name, noteKey: beta.keys.noteKey(), clock: beta.node.clock }, peer);
    const path = `/dialogues/${DIALOGUE}/checkpoint`;
    const realFetch = globalThis.fetch;
    let recorded: { body: Buffer; status: number; headers: Headers } | undefined;
    // A man-in-the-middle: forwards the first request and keeps the answer, then answers the
    // next identical request with that answer instead of forwarding it.
    globalThis.fetch = async (input, init) => {
      if (recorded === undefined) {
        // Alpha's URL names no real host: the request goes to its current port.
        const response = await realFetch(String(input).replace(`http://${authority}`, `http://127.0.0.1:${port}`), init);
        recorded = { body: Buffer.from(await response.arrayBuffer()), status: response.status, headers: response.headers };
      }
      return new Response(recorded.body, { status: recorded.status, headers: recorded.headers });
    };
    try {
      expect((await client.request('GET', path)).status).toBe(200);
      const refused = await client.request('GET', path).then(() => undefined, (error: unknown) => error);
      expect(refused).toBeInstanceOf(PeerUnavailableError);
      expect((refused as Error).cause).toMatchObject({ code: 'signature_unbound' });
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('given a node with no configured URL, a request signed for another node is refused there even with that node\'s Host; one signed for its own address goes through', async () => {
    await pinPeer(gamma, await nodeInfo(beta), new Date());
    const gammaPort = await serve(gamma);
    const path = `/dialogues/${DIALOGUE}/checkpoint`;
    // Signed by beta for alpha, delivered to gamma claiming to be for alpha.
    const forAlpha = signed(beta, 'GET', path);
    expect(codeOf(await exchange(gammaPort, authority, forAlpha))).toBe('signature_invalid');
    // The same peer's request for gamma's own address passes authentication (gamma holds no
    // such dialogue: 404 comes from the handler, after the signature and nonce were accepted).
    const own = `127.0.0.1:${gammaPort}`;
    const forGamma = signRequest({
      method: 'GET', targetUri: `http://${own}${FEDERATION_PATH}${path}`, body: '', keyid: beta.name,
      key: beta.keys.noteKey(), created: seconds(), nonce: newNonce(),
    });
    const answer = await exchange(gammaPort, 'somewhere.else.example', { method: 'GET', path, body: '', headers: { ...forGamma } });
    expect(answer.status, answer.text).not.toBe(401);
    expect(codeOf(answer)).toBe('dialogue_not_found');
  });
});
