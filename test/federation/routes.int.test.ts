// /federation/v1 against real nodes in-process, each with its own SQLite database, over real
// HTTP on loopback: a peer reads the log of a dialogue its party is in; a witness cosigns
// consistent checkpoints and keeps inconsistent ones as evidence; unsigned, unknown-key,
// stale, tampered and oversized requests are refused and change nothing; every response is
// signed; and no byte of private data (notes, drafts, member names, sessions) crosses.
import { copyFileSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNode, openNode, type NodeContext } from '../../src/app/node-context.js';
import { main } from '../../src/cli/main.js';
import {
  PeerClient, formatAddCheckpoint, headerLookup, newNonce, nodeInfo, pinPeer, requestNonce, signRequest, verifyResponse,
} from '../../src/federation/index.js';
import { buildHttpApp } from '../../src/http/app.js';
import { AuthService } from '../../src/node/auth.js';
import type { PeerRecord } from '../../src/node/index.js';
import {
  generateSigningKey, openCheckpoint, openCosignatures, parseCosignerKey, parseVerifierKey, signCheckpoint, verifyConsistency, type DialogueId, type MemberId, type PartyId,
} from '../../src/record/index.js';

const DIALOGUE = 'pacific-channels' as DialogueId;
const MARKERS = ['PRIVATE-NOTE-7f3a', 'DRAFT-CONTENT-91bc', 'MEMBER-NAME-52de', 'demo-principal-2026'];

interface Captured { readonly url: string; readonly request: string; readonly response: string }

describe('/federation/v1', () => {
  const root = mkdtempSync(join(tmpdir(), 'parley-fed-routes-'));
  let alpha: NodeContext;
  let beta: NodeContext;
  let witness: NodeContext;
  let alphaApp: FastifyInstance;
  let witnessApp: FastifyInstance;
  let alphaUrl = '';
  let witnessUrl = '';
  let sessionSecret = '';
  const captured: Captured[] = [];
  const realFetch = globalThis.fetch;

  const clientTo = (from: NodeContext, peer: PeerRecord) =>
    new PeerClient({ name: from.name, noteKey: from.keys.noteKey(), clock: from.node.clock }, peer);
  const alphaPeerFor = async (ctx: NodeContext) => (await ctx.store.peers.peer('alpha.test'))!;

  beforeAll(async () => {
    const dirs = { alpha: join(root, 'alpha'), beta: join(root, 'beta'), witness: join(root, 'witness') };
    await (await initNode({ dataDir: dirs.alpha, name: 'alpha.test' })).close();
    expect((await main(['import', 'scenarios/demo.yaml', '--data', dirs.alpha], { out: () => {}, err: () => {} }))).toBe(0);
    // boreas moves to beta: its key leaves alpha's key folder.
    beta = await initNode({ dataDir: dirs.beta, name: 'beta.test' });
    copyFileSync(join(dirs.alpha, 'keys', 'party-boreas.key'), join(dirs.beta, 'keys', 'party-boreas.key'));
    unlinkSync(join(dirs.alpha, 'keys', 'party-boreas.key'));
    alpha = await openNode(dirs.alpha);
    witness = await initNode({ dataDir: dirs.witness, name: 'witness.test' });
    await beta.node.hostParty('boreas' as PartyId, { en: 'Federation of Boreas' });

    // Private data on alpha, with markers that must never appear on the wire.
    const principal = 'aurelia-principal' as MemberId;
    await alpha.store.privates.addPrivateNote({ id: 'n1', party: 'aurelia' as PartyId, dialogue: DIALOGUE, author: principal, subject: 'x', text: { en: MARKERS[0]! }, createdAt: '2026-01-01T00:00:00.000Z' });
    await alpha.store.privates.saveReadoutDraft({ id: 'd1', party: 'aurelia' as PartyId, dialogue: DIALOGUE, meeting: 'm', author: principal, content: MARKERS[1]!, updatedAt: '2026-01-01T00:00:00.000Z' }, 0);
    await alpha.store.putMember({ id: 'aurelia-marker' as MemberId, party: 'aurelia' as PartyId, name: MARKERS[2]!, roles: ['observer'] });
    const auth = new AuthService({ store: alpha.store, privates: alpha.store.privates, clock: alpha.node.clock, cost: { N: 1024, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } });
    sessionSecret = (await auth.login(principal, MARKERS[3]!)).secret;

    alphaApp = await buildHttpApp(alpha, { logLevel: 'silent', webRoot: false, webhooks: false, replication: false });
    alphaUrl = (await alphaApp.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
    witnessApp = await buildHttpApp(witness, { logLevel: 'silent', webRoot: false, webhooks: false, replication: false });
    witnessUrl = await witnessApp.listen({ host: '127.0.0.1', port: 0 });

    const pin = async (on: NodeContext, of: NodeContext, url: string | undefined) =>
      pinPeer(on, { ...(await nodeInfo(of)), ...(url ? { url } : {}) }, new Date());
    await pin(beta, alpha, alphaUrl);
    await pin(alpha, beta, undefined);
    await pin(alpha, witness, witnessUrl);
    await pin(witness, alpha, alphaUrl);

    // Every byte sent or received over the network by the tests below is kept.
    globalThis.fetch = async (input, init) => {
      const response = await realFetch(input, init);
      const body = Buffer.from(await response.arrayBuffer());
      captured.push({ url: String(input), request: `${JSON.stringify(init?.headers ?? {})}\n${init?.body ? Buffer.from(init.body as Uint8Array).toString('utf8') : ''}`, response: `${JSON.stringify([...response.headers])}\n${body.toString('utf8')}` });
      return new Response(body, { status: response.status, headers: response.headers });
    };
  });

  afterAll(async () => {
    globalThis.fetch = realFetch;
    await alphaApp?.close();
    await witnessApp?.close();
    for (const ctx of [alpha, beta, witness]) await ctx?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('a peer hosting a party of the dialogue pulls its events, page by page, in log order', async () => {
    const client = clientTo(beta, await alphaPeerFor(beta));
    const size = (await alpha.store.log(DIALOGUE)).size;
    const first = await client.request('GET', `/dialogues/${DIALOGUE}/events?from=0&limit=5`);
    expect(first.status).toBe(200);
    const page = first.json<{ size: number; events: { index: number; id: string; event: { dialogue: string } }[] }>();
    expect(page.size).toBe(size);
    expect(page.events.map((e) => e.index)).toEqual([0, 1, 2, 3, 4]);
    const stored = await alpha.store.events(DIALOGUE, 0, 5);
    expect(page.events.map((e) => e.id)).toEqual(stored.map((s) => s.id));
    const tail = (await client.request('GET', `/dialogues/${DIALOGUE}/events?from=${size}`)).json<{ events: unknown[] }>();
    expect(tail.events).toEqual([]);
  });

  it('the checkpoint is alpha\'s signed note; consistency proofs verify between its sizes', async () => {
    const client = clientTo(beta, await alphaPeerFor(beta));
    const { origin, size, note } = (await client.request('GET', `/dialogues/${DIALOGUE}/checkpoint`)).json<{ origin: string; size: number; note: string }>();
    expect(origin).toBe(`alpha.test/${DIALOGUE}`);
    const latest = openCheckpoint(note, (await alphaPeerFor(beta)).noteKey, origin);
    expect(latest.size).toBe(size);
    const proof = (await client.request('GET', `/dialogues/${DIALOGUE}/consistency?from=3&to=${size}`)).json<{ hashes: string[] }>();
    const old = openCheckpoint((await alpha.records.checkpointAt(DIALOGUE, 3)).note, alpha.records.logKey());
    expect(() => verifyConsistency(3, size, proof.hashes.map((h) => Buffer.from(h, 'base64')), old.root, latest.root)).not.toThrow();
    const bad = await client.request('GET', `/dialogues/${DIALOGUE}/consistency?from=${size + 1}`);
    expect(bad.status).toBe(400);
    expect(bad.json<{ code: string }>().code).toBe('size_out_of_range');
  });

  it('pushed events go through the inbox: a forged one is rejected into quarantine naming the peer; bad bodies are 400', async () => {
    const client = clientTo(beta, await alphaPeerFor(beta));
    const [stored] = await alpha.store.events(DIALOGUE, 0, 1);
    const forged = { ...stored!.event, seq: 999, sig: stored!.event.sig };
    const answer = await client.request('POST', `/dialogues/${DIALOGUE}/events`, { text: JSON.stringify({ events: [forged] }), contentType: 'application/json' });
    expect(answer.status, answer.text()).toBe(200);
    expect(answer.json<{ status: string }[]>()[0]).toMatchObject({ status: 'rejected' });
    const rejections = await alpha.store.rejections(DIALOGUE);
    expect(rejections.at(-1)).toMatchObject({ source: 'beta.test' });
    const malformed = await client.request('POST', `/dialogues/${DIALOGUE}/events`, { text: '{"events":', contentType: 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.json<{ code: string }>().code).toBe('malformed_json');
    const notArray = await client.request('POST', `/dialogues/${DIALOGUE}/events`, { text: '{"events":"x"}', contentType: 'application/json' });
    expect(notArray.status).toBe(400);
    expect(notArray.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('body.events');
    const unknown = await client.request('POST', '/dialogues/nowhere/events', { text: '{"events":[]}', contentType: 'application/json' });
    expect(unknown.status).toBe(404);
    // An unsigned push changes nothing.
    const before = (await alpha.store.rejections(DIALOGUE)).length;
    const unsigned = await realFetch(`${alphaUrl}/federation/v1/dialogues/${DIALOGUE}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: [forged] }) });
    expect(unsigned.status).toBe(401);
    expect((await alpha.store.rejections(DIALOGUE)).length).toBe(before);
  });

  it('the state digest is the node\'s own, for a peer of the dialogue', async () => {
    const answer = await clientTo(beta, await alphaPeerFor(beta)).request('GET', `/dialogues/${DIALOGUE}/state-digest`);
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual(await alpha.store.stateDigest(DIALOGUE));
    expect((await clientTo(witness, await alphaPeerFor(witness)).request('GET', `/dialogues/${DIALOGUE}/state-digest`)).status).toBe(403);
  });

  it('a pinned peer that hosts no party of the dialogue is refused (403), an unknown dialogue is 404', async () => {
    const client = clientTo(witness, await alphaPeerFor(witness));
    const refused = await client.request('GET', `/dialogues/${DIALOGUE}/events`);
    expect(refused.status).toBe(403);
    expect(refused.json<{ code: string }>().code).toBe('peer_not_in_dialogue');
    const missing = await clientTo(beta, await alphaPeerFor(beta)).request('GET', '/dialogues/nowhere/events');
    expect(missing.status).toBe(404);
  });

  describe('refused requests are 401 problems naming the reason, signed by the node', () => {
    const target = () => `${alphaUrl}/federation/v1/dialogues/${DIALOGUE}/events`;
    const send = async (url: string, headers: Record<string, string>, method = 'GET', body?: string) => {
      const response = await realFetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await response.text();
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((v, k) => { responseHeaders[k] = v; });
      // Even a refusal is signed by alpha and bound to the request (echoing its nonce, if any).
      const nonce = requestNonce(headerLookup(headers));
      verifyResponse({ status: response.status, headers: headerLookup(responseHeaders), body: text }, { method, targetUri: url, nonce },
        { now: Math.floor(Date.now() / 1000), keyid: 'alpha.test', key: parseVerifierKey(alpha.records.logKey()).key });
      return { status: response.status, body: JSON.parse(text) as { code: string; status: number } };
    };
    const signedBy = (name: string, key = beta.keys.noteKey(), created = Math.floor(Date.now() / 1000), url = target(), method = 'GET', body = '') =>
      ({ ...signRequest({ method, targetUri: url, body, keyid: name, key, created, nonce: newNonce() }) });
    const withoutNonce = (headers: Record<string, string>) =>
      ({ ...headers, 'signature-input': headers['signature-input']!.replace(/;nonce="[^"]*"/, '') });

    it.each([
      ['unsigned', () => ({}), 'signature_missing'],
      ['signed by an unknown key', () => signedBy('mallory.test', generateSigningKey().key), 'signature_unknown_key'],
      ['signed with a pinned name but another key', () => signedBy('beta.test', generateSigningKey().key), 'signature_invalid'],
      ['stale (created 6 minutes ago)', () => signedBy('beta.test', beta.keys.noteKey(), Math.floor(Date.now() / 1000) - 360), 'signature_stale'],
      ['signed for another path', () => signedBy('beta.test', beta.keys.noteKey(), Math.floor(Date.now() / 1000), `${alphaUrl}/federation/v1/dialogues/other/events`), 'signature_invalid'],
      ['signed for another method', () => signedBy('beta.test', beta.keys.noteKey(), Math.floor(Date.now() / 1000), target(), 'POST'), 'signature_invalid'],
      ['without a nonce', () => withoutNonce(signedBy('beta.test')), 'signature_malformed'],
    ] as const)('%s', async (_name, headers, code) => {
      const result = await send(target(), headers());
      expect(result.status).toBe(401);
      expect(result.body.code).toBe(code);
    });

    it('a POST whose body differs from its digest is refused and the witness stores nothing', async () => {
      const url = `${witnessUrl}/federation/v1/add-checkpoint`;
      const body = formatAddCheckpoint({ oldSize: 0, proof: [], note: (await alpha.records.checkpoint(DIALOGUE)).note });
      const headers = signRequest({ method: 'POST', targetUri: url, body, keyid: 'alpha.test', key: alpha.keys.noteKey(), created: Math.floor(Date.now() / 1000), nonce: newNonce() });
      const response = await realFetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: body.replace('old 0', 'old 1') });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { code: string }).code).toBe('digest_mismatch');
      expect(await witness.store.peers.witnessed(`alpha.test/${DIALOGUE}`)).toBeUndefined();
    });
  });

  describe('witnessing (C2SP tlog-witness add-checkpoint)', () => {
    const origin = `alpha.test/${DIALOGUE}`;
    const witnessPeer = async () => (await alpha.store.peers.peer('witness.test'))!;
    const add = async (oldSize: number, proof: Buffer[], note: string) =>
      clientTo(alpha, await witnessPeer()).request('POST', '/add-checkpoint', { text: formatAddCheckpoint({ oldSize, proof, note }), contentType: 'text/plain' });
    const proofBetween = async (from: number, to: number) =>
      from === 0 ? [] : (await alpha.records.consistencyProof(DIALOGUE, from, to)).hashes.map((h) => Buffer.from(h, 'base64'));
    let firstSize = 0;

    it('cosigns a first checkpoint with the witness key, then only from the size it cosigned', async () => {
      const { size, note } = await alpha.records.checkpoint(DIALOGUE);
      firstSize = size;
      const answer = await add(0, [], note);
      expect(answer.status).toBe(200);
      const cosigner = parseCosignerKey((await nodeInfo(witness)).cosignerKey);
      expect(openCosignatures(note + answer.text(), [cosigner]).map((c) => c.name)).toEqual(['witness.test']);
      const again = await add(0, [], note);
      expect(again.status).toBe(409);
      expect(again.contentType).toBe('text/x.tlog.size');
      expect(again.text()).toBe(`${size}\n`);
    });

    it('cosigns a grown log with a valid consistency proof', async () => {
      await alpha.node.postMessage({ dialogue: DIALOGUE, member: 'aurelia-principal' as MemberId, kind: 'informal', text: { en: 'one more' } });
      const { size, note } = await alpha.records.checkpoint(DIALOGUE);
      expect(size).toBeGreaterThan(firstSize);
      const answer = await add(firstSize, await proofBetween(firstSize, size), note);
      expect(answer.status, answer.text()).toBe(200);
      expect((await witness.store.peers.witnessed(origin))?.size).toBe(size);
    });

    it('a forked checkpoint (same size, other root) is refused 409 and kept with the one it contradicts', async () => {
      const known = (await witness.store.peers.witnessed(origin))!;
      const forged = signCheckpoint({ origin, size: known.size, root: Buffer.alloc(32, 9) }, { name: 'alpha.test', key: alpha.keys.noteKey() });
      const answer = await add(known.size, [], forged);
      expect(answer.status).toBe(409);
      expect(answer.json<{ code: string; knownSize: number }>()).toMatchObject({ code: 'root_mismatch', knownSize: known.size });
      const conflicts = await witness.store.peers.conflicts(origin);
      expect(conflicts.at(-1)).toMatchObject({ source: 'alpha.test', knownNote: known.note, offeredNote: forged });
      expect((await witness.store.peers.witnessed(origin))?.size).toBe(known.size);
    });

    it('an inconsistent larger checkpoint is refused 422 and kept as evidence; the witnessed size stays', async () => {
      const known = (await witness.store.peers.witnessed(origin))!;
      const forged = signCheckpoint({ origin, size: known.size + 5, root: Buffer.alloc(32, 7) }, { name: 'alpha.test', key: alpha.keys.noteKey() });
      const answer = await add(known.size, [Buffer.alloc(32, 1), Buffer.alloc(32, 2), Buffer.alloc(32, 3)], forged);
      expect(answer.status).toBe(422);
      expect((await witness.store.peers.conflicts(origin)).at(-1)).toMatchObject({ offeredNote: forged });
      expect((await witness.store.peers.witnessed(origin))?.size).toBe(known.size);
    });

    it('refuses a checkpoint by another key (403), of an unknown log (404), an old size above the size (400), a malformed body (400)', async () => {
      const known = (await witness.store.peers.witnessed(origin))!;
      const other = signCheckpoint({ origin, size: known.size + 1, root: Buffer.alloc(32, 5) }, { name: 'alpha.test', key: generateSigningKey().key });
      expect((await add(known.size, [], other)).status).toBe(403);
      const unknown = signCheckpoint({ origin: `gamma.test/${DIALOGUE}`, size: 1, root: Buffer.alloc(32, 5) }, { name: 'gamma.test', key: alpha.keys.noteKey() });
      expect((await add(0, [], unknown)).status).toBe(404);
      const { note, size } = await alpha.records.checkpoint(DIALOGUE);
      expect((await add(size + 1, [], note)).status).toBe(400);
      const malformed = await clientTo(alpha, await witnessPeer()).request('POST', '/add-checkpoint', { text: 'hello', contentType: 'text/plain' });
      expect(malformed.status).toBe(400);
      expect(malformed.json<{ code: string }>().code).toBe('add_checkpoint_malformed');
    });

    it('an oversized body is refused 413 before anything is read', async () => {
      const big = 'x'.repeat(70 * 1024);
      const answer = await clientTo(alpha, await witnessPeer()).request('POST', '/add-checkpoint', { text: big, contentType: 'text/plain' });
      expect(answer.status).toBe(413);
    });
  });

  it('no private data crossed: every byte sent and received is free of notes, drafts, member names, passwords and sessions', () => {
    expect(captured.length).toBeGreaterThan(10);
    const all = captured.map((c) => `${c.url}\n${c.request}\n${c.response}`).join('\n');
    for (const marker of [...MARKERS, sessionSecret]) expect(all).not.toContain(marker);
    expect(all).toContain('dialogue.opened');
  });
});
