// A hotline call live, over a real listening server: the called party's stream shows the call
// as it is placed; when it escalates, the called party's streams get the private escalation
// step (who is paged) while the calling party's see only the shared fact.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../src/http/app.js';
import { ManualClock } from '../../src/node/index.js';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';
import { SseClient } from './sse-client.js';

const START = new Date('2026-10-01T00:00:00.000Z');
const clock = new ManualClock(START);
let t: TestApp;
let server: FastifyInstance;
let base = '';
const d = `/api/v1/dialogues/${DIALOGUE}`;

beforeAll(async () => {
  t = await startTestApp({ clock });
  server = await buildHttpApp(t.ctx, { logLevel: 'silent' });
  base = await server.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
  await t.close();
});

const open = async (member: string) => SseClient.open(`${base}${d}/stream`, { cookie: await t.cookie(member) });

describe('hotline calls on the live stream', () => {
  it('the called party sees the call at once and is paged privately when it escalates; the caller sees only the shared fact', async () => {
    const boreas = await open('boreas-duty');
    const aurelia = await open('aurelia-duty');
    const placed = await t.request('aurelia-duty', 'POST', `${d}/hotline/calls`, { precedence: 'flash', subject: { en: 'Intercept' }, message: { en: 'Call back' } });
    const call = (placed.json() as { id: string }).id;
    await boreas.waitFor((ms) => ms.some((m) => m.data.includes(call) && m.data.includes('"hotline_call.delivered"')));

    clock.set(new Date(START.getTime() + 10 * 60_000));
    expect(await t.ctx.scheduler.runDue()).toBe(1);
    await boreas.waitFor((ms) => ms.some((m) => m.event === 'private'));
    const step = JSON.parse(boreas.messages.find((m) => m.event === 'private')!.data) as { party: string; type: string; data: { call: string; level: number; paged: string[] } };
    expect(step).toMatchObject({ party: 'boreas', type: 'hotline.escalation_step', data: { call, level: 1, paged: ['boreas-principal'] } });

    await aurelia.waitFor((ms) => ms.some((m) => m.data.includes('"hotline_call.escalated"')));
    expect(aurelia.messages.some((m) => m.event === 'private' || m.data.includes('paged'))).toBe(false);
    boreas.close();
    aurelia.close();
  });
});
