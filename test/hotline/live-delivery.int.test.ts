// The hotline through live delivery, in simulated time on both engines: Red places a flash
// call and Blue's duty officer sees it on Blue's SSE stream (a real loopback socket); nobody
// acknowledges, so at 10 minutes Blue's node escalates — the fact on the shared record reaches
// both parties' streams and webhooks, the private escalation step (who was paged) reaches
// only Blue's stream and Blue's webhook, never Red's.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../src/http/app.js';
import { AuthService } from '../../src/node/auth.js';
import { WebhookOutbox } from '../../src/node/webhook-outbox.js';
import { WebhookTargets } from '../../src/node/webhook-targets.js';
import { WebhookWorker } from '../../src/node/webhook-worker.js';
import type { MemberId, PartyId } from '../../src/record/index.js';
import { SseClient } from '../http/sse-client.js';
import { DIALOGUE, minutes, START, startHotlineNode, type HotlineNode } from './fixture.js';

const BLUE = 'blue' as PartyId;
const RED = 'red' as PartyId;

describe.each(['sqlite', 'postgres'] as const)('hotline live delivery on %s', (engine) => {
  let n: HotlineNode;
  let app: FastifyInstance;
  let receiver: Server;
  const streams: SseClient[] = [];
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    await app.close();
    await new Promise((resolve) => receiver.close(resolve));
    await n.close();
  });

  it('the other party sees the call live; the escalation step goes to the called party only', async () => {
    n = await startHotlineNode(engine);
    await n.ctx.store.privates.putEscalationLadder({
      party: BLUE, dialogue: DIALOGUE, updatedBy: 'blue-admin' as MemberId, updatedAt: START.toISOString(),
      rungs: [{ name: 'duty supervisor', roles: [], members: ['blue-supervisor'], deadlineSeconds: 300 }],
    });
    // Webhooks of both parties, delivered to one local receiver (by path).
    const received: Array<{ path: string; body: Record<string, unknown> }> = [];
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      req.on('end', () => { received.push({ path: req.url ?? '', body: JSON.parse(body) as Record<string, unknown> }); res.writeHead(204).end(); });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    for (const party of [RED, BLUE]) {
      await n.ctx.store.webhooks.createWebhook({
        id: `hook-${party}`, party, url: `${url}/${party}`, types: ['hotline'], secret: `whsec_${party}`, enabled: true,
        createdBy: `${party}-admin`, createdAt: START.toISOString(), updatedAt: START.toISOString(),
      });
    }
    const outbox = new WebhookOutbox({ store: n.ctx.store, live: n.ctx.node.live, clock: n.clock });
    await outbox.start();
    const worker = new WebhookWorker({ webhooks: n.ctx.store.webhooks, clock: n.clock }, { targets: new WebhookTargets(['127.0.0.1/32']) });

    app = await buildHttpApp(n.ctx, { logLevel: 'silent', webhooks: false });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const auth = new AuthService({ store: n.ctx.store, privates: n.ctx.store.privates, clock: n.clock });
    const token = async (member: string, scopes: Array<'read' | 'write'>) =>
      (await auth.createToken((await n.ctx.store.member(member as MemberId))!, 'live', scopes)).token;
    const open = async (member: string) => {
      const stream = await SseClient.open(`${base}/api/v1/dialogues/${DIALOGUE}/stream?types=hotline`, { authorization: `Bearer ${await token(member, ['read'])}` });
      expect(stream.status).toBe(200);
      streams.push(stream);
      return stream;
    };
    const blue = await open('blue-duty');
    const red = await open('red-principal');
    // The paged supervisor (a delegate) gets the step; a Blue observer, neither paged nor
    // allowed to read escalations, gets the shared events only.
    await n.ctx.node.addMember({ id: 'blue-observer' as MemberId, party: BLUE, name: 'Blue observer', roles: ['observer'] });
    const supervisor = await open('blue-supervisor');
    const observer = await open('blue-observer');

    const placed = await fetch(`${base}/api/v1/dialogues/${DIALOGUE}/hotline/calls`, {
      method: 'POST', headers: { authorization: `Bearer ${await token('red-duty', ['read', 'write'])}`, 'content-type': 'application/json' },
      body: JSON.stringify({ precedence: 'flash', subject: { en: 'Unsafe intercept' }, message: { en: 'Call us back now.' } }),
    });
    expect(placed.status).toBe(201);
    const call = ((await placed.json()) as { id: string }).id;
    await blue.waitFor((ms) => ms.some((m) => m.event === 'hotline_call.delivered'));
    const seen = blue.messages.find((m) => m.event === 'hotline_call.placed')!;
    expect(JSON.parse(seen.data)).toMatchObject({ id: call, party: 'red', member: 'red-duty', body: { precedence: 'flash' } });

    n.clock.set(new Date(START.getTime() + minutes(10)));
    expect(await n.ctx.scheduler.runDue()).toBe(1);
    for (const stream of [blue, red]) await stream.waitFor((ms) => ms.some((m) => m.event === 'hotline_call.escalated'));
    await blue.waitFor((ms) => ms.some((m) => m.event === 'private'));
    const step = JSON.parse(blue.messages.find((m) => m.event === 'private')!.data) as Record<string, unknown>;
    expect(step).toMatchObject({ kind: 'private', party: 'blue', type: 'hotline.escalation_step', data: { call, level: 1, paged: ['blue-supervisor'] } });
    await supervisor.waitFor((ms) => ms.some((m) => m.event === 'private'));
    expect(JSON.parse(supervisor.messages.find((m) => m.event === 'private')!.data)).toMatchObject({ type: 'hotline.escalation_step', data: { paged: ['blue-supervisor'] } });
    await observer.waitFor((ms) => ms.some((m) => m.event === 'hotline_call.escalated'));
    expect(observer.messages.map((m) => m.event)).toEqual(['hotline_call.placed', 'hotline_call.delivered', 'hotline_call.escalated']);
    expect(JSON.stringify(observer.messages)).not.toContain('blue-supervisor');
    // Red's stream had everything up to and after the escalation, and no private step.
    expect(red.messages.map((m) => m.event)).toEqual(['hotline_call.placed', 'hotline_call.delivered', 'hotline_call.escalated']);
    expect(JSON.stringify(red.messages)).not.toContain('blue-supervisor');

    await outbox.idle();
    await worker.runDue();
    const to = (party: string) => received.filter((r) => r.path === `/${party}`).map((r) => (r.body['kind'] === 'private' ? `private:${String(r.body['type'])}` : String(r.body['type'])));
    expect(to('blue').sort()).toEqual(['hotline_call.delivered', 'hotline_call.escalated', 'hotline_call.placed', 'private:hotline.escalation_step']);
    expect(to('red').sort()).toEqual(['hotline_call.delivered', 'hotline_call.escalated', 'hotline_call.placed']);
    expect(JSON.stringify(received.filter((r) => r.path === '/red'))).not.toContain('blue-supervisor');
    outbox.stop();
  });
});
