// A page is not lost to a crash: the escalation step's webhook deliveries commit with the step,
// so a node that "crashes" right after the commit — before any bus subscriber (the webhook
// outbox) ever saw the notice — still sends the page from the next process, exactly once.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HotlineCallState } from '../../src/domain/index.js';
import { WebhookOutbox } from '../../src/node/webhook-outbox.js';
import { WebhookTargets } from '../../src/node/webhook-targets.js';
import { WebhookWorker } from '../../src/node/webhook-worker.js';
import type { MemberId, PartyId } from '../../src/record/index.js';
import { DIALOGUE, minutes, START, startHotlineNode, type HotlineNode } from './fixture.js';

const BLUE = 'blue' as PartyId;
// The receiver is on loopback: allowed explicitly, as a deployment allows its pager's network.
const WORKER = { targets: new WebhookTargets(['127.0.0.1/32']) };
const call = { type: 'place', precedence: 'flash', subject: { en: 'Unsafe intercept' }, message: { en: 'Call us back now.' } };

describe.each(['sqlite', 'postgres'] as const)('escalation pages through webhooks on %s', (engine) => {
  let n: HotlineNode;
  let receiver: Server;
  afterEach(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await n.close();
  });

  it('given a step committed and the node down before any bus delivery, when a fresh node runs the worker, then the page is sent once', async () => {
    n = await startHotlineNode(engine);
    const received: Array<Record<string, unknown>> = [];
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      req.on('end', () => { received.push(JSON.parse(body) as Record<string, unknown>); res.writeHead(204).end(); });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    await n.ctx.store.privates.putEscalationLadder({
      party: BLUE, dialogue: DIALOGUE, updatedBy: 'blue-admin' as MemberId, updatedAt: START.toISOString(),
      rungs: [{ name: 'duty supervisor', roles: [], members: ['blue-supervisor'], deadlineSeconds: 300 }],
    });
    await n.ctx.store.webhooks.createWebhook({
      id: 'hook-blue', party: BLUE, url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/pager`, types: ['hotline.escalation_step'],
      secret: 'whsec_blue', enabled: true, createdBy: 'blue-admin', createdAt: START.toISOString(), updatedAt: START.toISOString(),
    });
    const placed = await n.act<HotlineCallState>('red-duty', 'hotline_call', call);

    // The step commits; no webhook outbox is subscribed to this process's bus, then it goes down.
    n.clock.set(new Date(START.getTime() + minutes(10)));
    expect(await n.ctx.scheduler.runDue()).toBe(1);
    await n.down();
    expect(received).toEqual([]);

    await n.restart();
    const worker = new WebhookWorker({ webhooks: n.ctx.store.webhooks, clock: n.clock }, WORKER);
    expect(await worker.runDue()).toBe(1);
    // A catch-up of the record and another pass add nothing: the page went out once.
    const outbox = new WebhookOutbox({ store: n.ctx.store, live: n.ctx.node.live, clock: n.clock });
    await outbox.start();
    outbox.stop();
    expect(await worker.runDue()).toBe(0);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      kind: 'private', party: 'blue', type: 'hotline.escalation_step', data: { call: placed.id, level: 1, paged: ['blue-supervisor'] },
    });
    const [delivery] = await n.ctx.store.webhooks.deliveries(BLUE, 'hook-blue', { limit: 10 });
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, eventKey: `private:hotline.escalation_step:${DIALOGUE}:${placed.id}:1` });
  });
});
