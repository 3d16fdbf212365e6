// The SSRF guard of webhooks with the node's default setting (no private network allowed): an
// admin cannot point an endpoint at the node's loopback, link-local (cloud metadata) or
// private addresses, nor put credentials in the URL; an endpoint whose target became refused
// (the setting was narrowed) fails each attempt in the delivery log with the reason, and
// nothing is sent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookWorker } from '../../src/node/webhook-worker.js';
import type { PartyId } from '../../src/record/index.js';
import { startTestApp, type TestApp } from './harness.js';

describe('webhook targets refused by default', () => {
  let t: TestApp;
  let receiver: Server;
  let hits = 0;
  beforeAll(async () => {
    t = await startTestApp();
    receiver = createServer((_req, res) => { hits++; res.writeHead(204).end(); });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await t.close();
  });

  it.each([
    ['http://127.0.0.1/', /127\.0\.0\.1 is a loopback address/],
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local address/],
    ['http://localhost:8080/hook', /loopback/],
    ['http://[::1]/hook', /loopback/],
    ['http://[::ffff:169.254.169.254]/', /link-local/],
    ['http://10.0.0.7/hook', /private network/],
    ['https://user:secret@pager.example.org/hook', /credentials/],
  ])('creating a webhook to %s is refused with a problem naming url', async (url, reason) => {
    const response = await t.request('aurelia-admin', 'POST', '/api/v1/webhooks', { url });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: 400, code: 'webhook_target_refused', errors: [{ field: 'url', reason: expect.stringMatching(reason) as unknown }] });
    expect((await t.request('aurelia-admin', 'GET', '/api/v1/webhooks')).json()).toEqual({ items: [] });
  });

  it('changing a webhook to a refused target is refused and changes nothing', async () => {
    const created = await t.request('aurelia-admin', 'POST', '/api/v1/webhooks', { url: 'https://pager.example.org/hook' });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: string };
    const patched = await t.request('aurelia-admin', 'PATCH', `/api/v1/webhooks/${id}`, { url: 'http://169.254.169.254/' });
    expect(patched.statusCode).toBe(400);
    expect(patched.json()).toMatchObject({ code: 'webhook_target_refused', errors: [{ field: 'url' }] });
    expect((await t.request('aurelia-admin', 'GET', `/api/v1/webhooks/${id}`)).json()).toMatchObject({ url: 'https://pager.example.org/hook' });
    expect((await t.request('aurelia-admin', 'DELETE', `/api/v1/webhooks/${id}`)).statusCode).toBe(204);
  });

  it('at delivery time, a refused target fails the attempt with the reason in the log and is not contacted', async () => {
    // Stored while the node allowed loopback; the setting no longer does.
    const webhooks = t.ctx.store.webhooks;
    const at = t.ctx.node.clock.now().toISOString();
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const party = 'aurelia' as PartyId;
    await webhooks.createWebhook({ id: 'narrowed', party, url, types: [], secret: 'whsec_x', enabled: true, createdBy: 'aurelia-admin', createdAt: at, updatedAt: at });
    await webhooks.enqueue([{ id: 'd-1', webhook: 'narrowed', party, eventKey: 'private:test', dialogue: 'd' as never, type: 'hotline.escalation_step', payload: '{}', createdAt: at }]);
    const worker = new WebhookWorker({ webhooks, clock: t.ctx.node.clock }, { random: () => 0.5 });
    expect(await worker.runDue()).toBe(1);
    expect(hits).toBe(0);
    const log = (await t.request('aurelia-admin', 'GET', '/api/v1/webhooks/narrowed/deliveries')).json() as { items: Array<Record<string, unknown>> };
    expect(log.items[0]).toMatchObject({
      status: 'pending', attempts: 1, lastStatus: null,
      lastError: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback address/) as unknown,
      attemptLog: [{ attempt: 1, statusCode: null, error: expect.stringMatching(/^refused/) as unknown }],
    });
  });
});
