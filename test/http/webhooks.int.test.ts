// Outbound webhooks end to end, on both engines: an admin adds an endpoint (secret shown
// once), the other party posts, a real receiver on 127.0.0.1 verifies the HMAC; a failing
// receiver is retried with exponential backoff in simulated time until it succeeds, or
// given up after the limit; every attempt is in the delivery log; private notices go to
// their own party's endpoints only; events committed while delivery was down are enqueued
// from the record at the next start, exactly once; another party sees none of it.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../src/http/app.js';
import { ManualClock } from '../../src/node/clock.js';
import { enqueueNotice, WebhookOutbox } from '../../src/node/webhook-outbox.js';
import { verifyWebhookSignature } from '../../src/node/webhook-signature.js';
import { WebhookTargets } from '../../src/node/webhook-targets.js';
import { WebhookWorker } from '../../src/node/webhook-worker.js';
import type { DialogueId, PartyId } from '../../src/record/index.js';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';

interface Received { headers: IncomingHttpHeaders; body: string; path: string }

/** A local receiver that answers with the next status of its script (then the last one). */
class Receiver {
  readonly received: Received[] = [];
  script: number[] = [200];
  private server: Server | undefined;
  url = '';
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => { body += chunk; });
      req.on('end', () => {
        this.received.push({ headers: req.headers, body, path: req.url ?? '' });
        const status = this.script.length > 1 ? this.script.shift()! : this.script[0]!;
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const BASE_DELAY = 60_000;
const LOOPBACK = '127.0.0.1/32';
const targets = new WebhookTargets([LOOPBACK]);

describe.each(['sqlite', 'postgres'] as const)('webhooks on %s', (engine) => {
  let t: TestApp;
  let clock: ManualClock;
  let outbox: WebhookOutbox;
  let worker: WebhookWorker;
  const receiver = new Receiver();

  beforeAll(async () => {
    // The receiver is on loopback: this node allows it, as a deployment allows its pager's network.
    t = await startTestApp({ engine, allowPrivateNetworks: [LOOPBACK] });
    await receiver.start();
    clock = new ManualClock(new Date('2030-01-01T00:00:00.000Z'));
    worker = new WebhookWorker({ webhooks: t.ctx.store.webhooks, clock }, { baseDelayMs: BASE_DELAY, maxAttempts: 4, random: () => 0.5, timeoutMs: 5_000, targets });
    outbox = new WebhookOutbox({ store: t.ctx.store, live: t.ctx.node.live, clock });
    await outbox.start();
  });
  afterAll(async () => {
    outbox.stop();
    await receiver.stop();
    await t.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.script = [200];
  });

  const create = async (member: string, body: Record<string, unknown>) => {
    const response = await t.request(member, 'POST', '/api/v1/webhooks', body);
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; secret: string; party: string };
  };
  const post = async (member: string, text: string) => {
    const response = await t.request(member, 'POST', `/api/v1/dialogues/${DIALOGUE}/messages`, { text: { en: text } });
    expect(response.statusCode).toBe(201);
    await outbox.idle();
    return response.json() as { id: string };
  };
  const deliveries = async (member: string, id: string, query = '') =>
    (await t.request(member, 'GET', `/api/v1/webhooks/${id}/deliveries${query}`)).json() as {
      items: Array<{ id: string; type: string; status: string; attempts: number; nextAttemptAt: string | null; lastError: string | null; attemptLog: Array<{ statusCode: number | null; at: string }>; payload: Record<string, unknown> }>;
    };
  const remove = (member: string, id: string) => t.request(member, 'DELETE', `/api/v1/webhooks/${id}`);

  it('delivers the other party\'s message to a real receiver, signed so it verifies; the secret is shown only once', async () => {
    const hook = await create('aurelia-admin', { url: `${receiver.url}/pager`, types: ['message.posted'] });
    expect(hook.secret).toMatch(/^whsec_/);
    const listed = await t.request('aurelia-admin', 'GET', '/api/v1/webhooks');
    const one = await t.request('aurelia-admin', 'GET', `/api/v1/webhooks/${hook.id}`);
    for (const response of [listed, one]) {
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain(hook.secret);
      expect(response.body).not.toContain('"secret"');
    }

    const { id } = await post('boreas-delegate', 'Call me');
    expect(await worker.runDue()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request!.path).toBe('/pager');
    const timestamp = request!.headers['parley-webhook-timestamp'] as string;
    expect(Number(timestamp)).toBe(Math.floor(clock.now().getTime() / 1000));
    // The literal scheme of docs/webhooks.md, computed here independently.
    const expected = `v1=${createHmac('sha256', hook.secret).update(`${timestamp}.${request!.body}`).digest('hex')}`;
    expect(request!.headers['parley-signature']).toBe(expected);
    expect(verifyWebhookSignature({ secret: hook.secret, body: request!.body, timestamp, signature: expected, nowSeconds: Number(timestamp) })).toBe(true);
    expect(verifyWebhookSignature({ secret: hook.secret, body: request!.body.replace('Call me', 'Call you'), timestamp, signature: expected, nowSeconds: Number(timestamp) })).toBe(false);
    expect(verifyWebhookSignature({ secret: 'whsec_wrong', body: request!.body, timestamp, signature: expected, nowSeconds: Number(timestamp) })).toBe(false);
    expect(verifyWebhookSignature({ secret: hook.secret, body: request!.body, timestamp, signature: expected, nowSeconds: Number(timestamp) + 301 })).toBe(false);
    expect(request!.headers['parley-webhook-id']).toBe(hook.id);
    expect(request!.headers['content-type']).toBe('application/json');
    const body = JSON.parse(request!.body) as Record<string, unknown>;
    expect(body).toMatchObject({ kind: 'event', id, type: 'message.posted', party: 'boreas', dialogue: DIALOGUE, body: { text: { en: 'Call me' } } });

    const log = await deliveries('aurelia-admin', hook.id);
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ status: 'delivered', attempts: 1, type: 'message.posted', lastError: null });
    expect(log.items[0]!.attemptLog.map((a) => a.statusCode)).toEqual([200]);
    expect(log.items[0]!.id).toBe(request!.headers['parley-delivery-id']);
    await remove('aurelia-admin', hook.id);
  });

  it('a redacted message leaves no body in the delivery log, and a delivery still owed sends it without the body', async () => {
    const hook = await create('boreas-admin', { url: `${receiver.url}/boreas`, types: ['message.posted'] });
    const sent = await post('aurelia-delegate', 'SPILL-SENT: our red line is 12 nm');
    expect(await worker.runDue()).toBe(1);
    receiver.script = [503];
    const owed = await post('aurelia-delegate', 'SPILL-OWED: our fallback is 6 nm');
    expect(await worker.runDue()).toBe(1);
    expect(receiver.received.map((r) => r.body).join()).toContain('SPILL-OWED');
    receiver.received.length = 0;
    receiver.script = [200];
    for (const { id } of [sent, owed]) {
      expect((await t.request('aurelia-principal', 'POST', `/api/v1/dialogues/${DIALOGUE}/redactions`, { event: id, reason: 'Sent to the wrong channel.' })).statusCode).toBe(201);
    }
    const log = await t.request('boreas-admin', 'GET', `/api/v1/webhooks/${hook.id}/deliveries`);
    expect(log.body).not.toContain('SPILL-');
    const payloads = (log.json() as { items: Array<{ payload: Record<string, unknown> }> }).items.map((item) => item.payload);
    expect(payloads.filter((p) => p['id'] === sent.id || p['id'] === owed.id)).toEqual([
      expect.objectContaining({ type: 'message.posted', body: null }), expect.objectContaining({ type: 'message.posted', body: null }),
    ]);
    clock.advance(24 * 3600_000);
    expect(await worker.runDue()).toBe(1);
    const retried = JSON.parse(receiver.received[0]!.body) as Record<string, unknown>;
    expect(retried).toMatchObject({ id: owed.id, type: 'message.posted', body: null });
    expect(receiver.received[0]!.body).not.toContain('SPILL-');
    await remove('boreas-admin', hook.id);
  });

  it("two admins editing one endpoint: the second change, made on what it read before the first, is refused with 412 (If-Match)", async () => {
    const hook = await create('aurelia-admin', { url: 'https://pager.invalid/hook', types: ['hotline.'] });
    const read = await t.request('aurelia-admin', 'GET', `/api/v1/webhooks/${hook.id}`);
    const etag = String(read.headers.etag);
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const first = await t.request('aurelia-admin', 'PATCH', `/api/v1/webhooks/${hook.id}`, { types: ['hotline.', 'notice.'] }, { 'if-match': etag });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers.etag).not.toBe(etag);
    const second = await t.request('aurelia-admin', 'PATCH', `/api/v1/webhooks/${hook.id}`, { enabled: false }, { 'if-match': etag });
    expect(second.statusCode).toBe(412);
    expect(second.json()).toMatchObject({ code: 'precondition_failed', errors: [{ field: 'If-Match' }] });
    const now = (await t.request('aurelia-admin', 'GET', `/api/v1/webhooks/${hook.id}`)).json() as { enabled: boolean; types: string[] };
    expect(now).toMatchObject({ enabled: true, types: ['hotline.', 'notice.'] });
    // Without If-Match the change applies, as before.
    expect((await t.request('aurelia-admin', 'PATCH', `/api/v1/webhooks/${hook.id}`, { enabled: false })).statusCode).toBe(200);
    await remove('aurelia-admin', hook.id);
  });

  it('retries a failing receiver with exponential backoff and jitter in simulated time, then logs the success', async () => {
    const hook = await create('boreas-admin', { url: receiver.url, types: ['message.posted'] });
    receiver.script = [500, 503, 200];
    await post('aurelia-delegate', 'retry me');
    const start = clock.now().getTime();
    expect(await worker.runDue()).toBe(1);
    let [delivery] = (await deliveries('boreas-admin', hook.id)).items;
    // Equal jitter with random 0.5: half the delay fixed plus a quarter → 0.75 × base.
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500' });
    expect(Date.parse(delivery!.nextAttemptAt!) - start).toBe(0.75 * BASE_DELAY);
    expect(await worker.runDue()).toBe(0);
    clock.advance(0.75 * BASE_DELAY - 1);
    expect(await worker.runDue()).toBe(0);
    clock.advance(1);
    expect(await worker.runDue()).toBe(1);
    [delivery] = (await deliveries('boreas-admin', hook.id)).items;
    expect(delivery).toMatchObject({ status: 'pending', attempts: 2, lastError: 'HTTP 503' });
    // The second delay doubles.
    expect(Date.parse(delivery!.nextAttemptAt!) - clock.now().getTime()).toBe(1.5 * BASE_DELAY);
    clock.advance(1.5 * BASE_DELAY);
    expect(await worker.runDue()).toBe(1);
    [delivery] = (await deliveries('boreas-admin', hook.id)).items;
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, nextAttemptAt: null, lastError: null });
    expect(delivery!.attemptLog.map((a) => a.statusCode)).toEqual([500, 503, 200]);
    expect(receiver.received).toHaveLength(3);
    // Every attempt carries the same delivery id (the receiver's idempotency key) and body.
    expect(new Set(receiver.received.map((r) => r.headers['parley-delivery-id'])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    await remove('boreas-admin', hook.id);
  });

  it('gives up after the attempt limit and marks the delivery failed; an unreachable URL is an attempt too', async () => {
    const failing = await create('aurelia-admin', { url: receiver.url, types: ['message.posted'] });
    // A port that was just free: nothing listens there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await create('aurelia-admin', { url: `http://127.0.0.1:${port}/nothing-listens`, types: ['message.posted'] });
    receiver.script = [500];
    await post('boreas-delegate', 'nobody home');
    for (let i = 0; i < 10; i++) {
      await worker.runDue();
      clock.advance(24 * 3600_000);
    }
    for (const hook of [failing, unreachable]) {
      const [delivery] = (await deliveries('aurelia-admin', hook.id)).items;
      expect(delivery).toMatchObject({ status: 'failed', attempts: 4, nextAttemptAt: null });
      expect(delivery!.attemptLog).toHaveLength(4);
    }
    expect((await deliveries('aurelia-admin', unreachable.id)).items[0]!.attemptLog[0]!.statusCode).toBeNull();
    expect((await deliveries('aurelia-admin', unreachable.id)).items[0]!.lastError).toMatch(/ECONNREFUSED|refused|fetch failed/);
    expect((await deliveries('aurelia-admin', failing.id, '?status=failed')).items).toHaveLength(1);
    expect((await deliveries('aurelia-admin', failing.id, '?status=delivered')).items).toHaveLength(0);
    expect(receiver.received).toHaveLength(4);
    await remove('aurelia-admin', failing.id);
    await remove('aurelia-admin', unreachable.id);
  });

  it('an attempt that gets no answer within the timeout is logged as timed out and retried', async () => {
    const silent = createServer(() => { /* never answers */ });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/slow`;
    const hook = await create('boreas-admin', { url, types: ['message.posted'] });
    try {
      await post('aurelia-delegate', 'anyone there?');
      const impatient = new WebhookWorker({ webhooks: t.ctx.store.webhooks, clock }, { timeoutMs: 200, baseDelayMs: BASE_DELAY, random: () => 0.5, targets });
      expect(await impatient.runDue()).toBe(1);
      const [delivery] = (await deliveries('boreas-admin', hook.id)).items;
      expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastError: 'timed out', attemptLog: [{ statusCode: null, error: 'timed out' }] });
    } finally {
      await remove('boreas-admin', hook.id);
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('sends a party\'s private notice to its own endpoints only, never to the other party\'s', async () => {
    const aurelia = await create('aurelia-admin', { url: `${receiver.url}/aurelia`, types: ['hotline.'] });
    const boreas = await create('boreas-admin', { url: `${receiver.url}/boreas`, types: [] });
    // The publisher's path (the escalation enqueues inside its transaction; see test/hotline).
    const notice = {
      kind: 'private', dialogue: DIALOGUE as DialogueId, party: 'aurelia' as PartyId, type: 'hotline.escalation_step',
      data: { rung: 2, page: 'aurelia-principal' }, time: clock.now().toISOString(),
    } as const;
    expect(await enqueueNotice(t.ctx.store.webhooks, notice, 'private:test:1', clock.now().toISOString())).toBe(true);
    expect(await enqueueNotice(t.ctx.store.webhooks, notice, 'private:test:1', clock.now().toISOString())).toBe(true); // a repeat is skipped
    await worker.runDue();
    expect(receiver.received.map((r) => r.path)).toEqual(['/aurelia']);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ kind: 'private', party: 'aurelia', type: 'hotline.escalation_step', data: { rung: 2 } });
    expect((await deliveries('boreas-admin', boreas.id)).items).toHaveLength(0);
    await remove('aurelia-admin', aurelia.id);
    await remove('boreas-admin', boreas.id);
  });

  it('enqueues events committed while delivery was down from the record at the next start, exactly once', async () => {
    const hook = await create('boreas-admin', { url: receiver.url, types: ['message.'] });
    outbox.stop();
    await post('aurelia-delegate', 'while down 1');
    await post('aurelia-delegate', 'while down 2');
    expect((await deliveries('boreas-admin', hook.id)).items).toHaveLength(0);
    // A fresh outbox, as after a restart: it reads the record from its durable cursor.
    outbox = new WebhookOutbox({ store: t.ctx.store, live: t.ctx.node.live, clock });
    await outbox.start();
    await outbox.catchUpAll();
    await outbox.idle();
    const items = (await deliveries('boreas-admin', hook.id)).items;
    // Each message and Boreas's node's receipt of it: four events, each enqueued once.
    expect(items.map((d) => d.type).sort()).toEqual(['message.delivered', 'message.delivered', 'message.posted', 'message.posted']);
    expect(new Set(items.map((d) => d.payload['index'])).size).toBe(4);
    await worker.runDue();
    expect(receiver.received).toHaveLength(4);
    await remove('boreas-admin', hook.id);
  });

  it('a dialogue opened while delivery was down is delivered from its first event at the next start', async () => {
    const hook = await create('boreas-admin', { url: receiver.url, types: ['dialogue.'] });
    outbox.stop();
    const opened = `opened-while-down-${engine}` as DialogueId;
    await t.ctx.node.openDialogue({ id: opened, title: { en: 'Opened while down' }, parties: ['aurelia' as PartyId, 'boreas' as PartyId] });
    outbox = new WebhookOutbox({ store: t.ctx.store, live: t.ctx.node.live, clock });
    await outbox.start();
    await outbox.idle();
    const items = (await deliveries('boreas-admin', hook.id)).items.filter((d) => d.payload['dialogue'] === opened);
    expect(items.map((d) => [d.payload['index'], d.type]).sort()).toEqual([[0, 'dialogue.opened'], [1, 'dialogue.joined']]);
    await remove('boreas-admin', hook.id);
  });

  it('a new endpoint receives what is committed from its creation on, not the history', async () => {
    await post('aurelia-delegate', 'before any endpoint');
    const hook = await create('boreas-admin', { url: receiver.url, types: [] });
    await outbox.catchUpAll();
    await outbox.idle();
    expect((await deliveries('boreas-admin', hook.id)).items).toHaveLength(0);
    await post('aurelia-delegate', 'after');
    const items = (await deliveries('boreas-admin', hook.id)).items;
    expect(items.map((d) => (d.payload['body'] as { text?: { en?: string } }).text?.en ?? d.type).sort()).toEqual(['after', 'message.delivered']);
    await remove('boreas-admin', hook.id);
  });

  it('disabling pauses pending retries and enqueues nothing new; rotating the secret signs later attempts with the new one only', async () => {
    const hook = await create('aurelia-admin', { url: receiver.url, types: ['message.posted'], enabled: true });
    receiver.script = [500, 200];
    await post('boreas-delegate', 'held');
    expect(await worker.runDue()).toBe(1);
    const off = await t.request('aurelia-admin', 'PATCH', `/api/v1/webhooks/${hook.id}`, { enabled: false });
    expect(off.json()).toMatchObject({ enabled: false });
    await post('boreas-delegate', 'while disabled');
    clock.advance(BASE_DELAY);
    expect(await worker.runDue()).toBe(0);
    const rotated = await t.request('aurelia-admin', 'POST', `/api/v1/webhooks/${hook.id}/rotate-secret`, {});
    const { secret } = rotated.json() as { secret: string };
    expect(secret).not.toBe(hook.secret);
    await t.request('aurelia-admin', 'PATCH', `/api/v1/webhooks/${hook.id}`, { enabled: true });
    expect(await worker.runDue()).toBe(1);
    expect(receiver.received).toHaveLength(2);
    const request = receiver.received[1]!;
    expect(JSON.parse(request.body)).toMatchObject({ body: { text: { en: 'held' } } });
    const check = (s: string) => verifyWebhookSignature({ secret: s, body: request.body, timestamp: request.headers['parley-webhook-timestamp'] as string, signature: request.headers['parley-signature'] as string, nowSeconds: Math.floor(clock.now().getTime() / 1000) });
    expect(check(secret)).toBe(true);
    expect(check(hook.secret)).toBe(false);
    const log = (await deliveries('aurelia-admin', hook.id)).items;
    expect(log.map((d) => d.status)).toEqual(['delivered']);
    await remove('aurelia-admin', hook.id);
  });

  it('a listening server starts delivery by itself (the node\'s clock, real timers) and stops it on close', async () => {
    outbox.stop();
    const served = await buildHttpApp(t.ctx, { logLevel: 'silent', webhookTargets: targets });
    await served.listen({ host: '127.0.0.1', port: 0 });
    try {
      const hook = await create('aurelia-admin', { url: `${receiver.url}/served`, types: ['message.posted'] });
      await post('boreas-delegate', 'served');
      for (let i = 0; i < 200 && receiver.received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(receiver.received.map((r) => r.path)).toEqual(['/served']);
      await remove('aurelia-admin', hook.id);
    } finally {
      await served.close();
      await outbox.start();
    }
  });

  it('another party sees none of it: not listed, 404 on every route, no secret anywhere', async () => {
    const hook = await create('aurelia-admin', { url: receiver.url });
    await post('boreas-delegate', 'for the log');
    await worker.runDue();
    const boreasList = await t.request('boreas-admin', 'GET', '/api/v1/webhooks');
    expect(boreasList.body).not.toContain(hook.id);
    for (const [method, url] of [['GET', ''], ['PATCH', ''], ['DELETE', ''], ['POST', '/rotate-secret'], ['GET', '/deliveries']] as const) {
      const response = await t.request('boreas-admin', method, `/api/v1/webhooks/${hook.id}${url}`, method === 'GET' || method === 'DELETE' ? undefined : {});
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.body).not.toContain(hook.secret);
    }
    // Non-admins of the owning party are refused; the log is the admins'.
    expect((await t.request('aurelia-principal', 'GET', `/api/v1/webhooks/${hook.id}/deliveries`)).statusCode).toBe(403);
    expect((await t.request('aurelia-principal', 'GET', '/api/v1/webhooks')).statusCode).toBe(403);
    // Only http(s) URLs.
    for (const url of ['ftp://127.0.0.1/x', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
      const response = await t.request('aurelia-admin', 'POST', '/api/v1/webhooks', { url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json()).toMatchObject({ errors: [{ field: 'url' }] });
    }
    expect((await remove('aurelia-admin', hook.id)).statusCode).toBe(204);
    expect((await t.request('aurelia-admin', 'GET', `/api/v1/webhooks/${hook.id}`)).statusCode).toBe(404);
  });
});
