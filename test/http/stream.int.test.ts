// Server-Sent Events over a real listening server on 127.0.0.1 (not inject): the other
// party's message arrives live; a reconnect with Last-Event-ID (or ?after=) gets exactly the
// missed events, in order, without duplicates, wherever the client dropped (property test);
// a party's private notices never reach the other party's streams; the stream carries every
// security header; anonymous 401, a party outside the dialogue 404; the per-member stream
// cap; the type filter.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../src/http/app.js';
import { SECURITY_HEADERS } from '../../src/http/security-headers.js';
import type { DialogueId, MemberId, PartyId } from '../../src/record/index.js';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';
import { SseClient, type SseMessage } from './sse-client.js';

let t: TestApp;
let server: FastifyInstance;
let base = '';
const path = `/api/v1/dialogues/${DIALOGUE}/stream`;

beforeAll(async () => {
  t = await startTestApp();
  // A second app over the same node, listening on loopback, with a small stream cap.
  server = await buildHttpApp(t.ctx, { logLevel: 'silent', stream: { maxStreamsPerMember: 3, heartbeatMs: 50 } });
  base = await server.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
  await t.close();
});

const open = async (member: string | null, query = '', headers: Record<string, string> = {}) =>
  SseClient.open(`${base}${path}${query}`, { ...(member ? { cookie: await t.cookie(member) } : {}), ...headers });

const post = async (member: string, text: string) => {
  const response = await fetch(`${base}/api/v1/dialogues/${DIALOGUE}/messages`, {
    method: 'POST', headers: { cookie: await t.cookie(member), 'content-type': 'application/json' }, body: JSON.stringify({ text: { en: text } }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
};

const indexes = (messages: readonly SseMessage[]) => messages.filter((m) => m.id !== undefined).map((m) => Number(m.id));
const lastIndex = async () => (await t.logSize()) - 1;

describe('SSE stream of a dialogue', () => {
  it('delivers the other party\'s message live, with the log index as id and the event presented', async () => {
    const stream = await open('aurelia-principal');
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toContain('text/event-stream');
    expect(stream.headers['cache-control']).toContain('no-cache');
    // Written past Fastify's reply, yet with every security header of the other responses.
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(stream.headers[name], name).toBe(value);
    const { id } = await post('boreas-delegate', 'Live from Boreas');
    await stream.waitFor((ms) => ms.some((m) => m.event === 'message.posted'));
    const message = stream.messages.find((m) => m.event === 'message.posted')!;
    const data = JSON.parse(message.data) as Record<string, unknown>;
    expect(data).toMatchObject({ kind: 'event', id, type: 'message.posted', party: 'boreas', member: 'boreas-delegate', dialogue: DIALOGUE });
    expect(data['body']).toMatchObject({ text: { en: 'Live from Boreas' } });
    expect(Number(message.id)).toBe(data['index']);
    const stored = await t.ctx.store.eventById(DIALOGUE as DialogueId, id as never);
    expect(Number(message.id)).toBe(stored!.index);
    // Aurelia's node receipts in the same transaction: the receipt names the message as target.
    await stream.waitFor((ms) => ms.some((m) => m.event === 'message.delivered'));
    const receipt = JSON.parse(stream.messages.find((m) => m.event === 'message.delivered')!.data) as Record<string, unknown>;
    expect(receipt['target']).toBe(id);
    stream.close();
  });

  it('sends heartbeat comments while idle', async () => {
    const stream = await open('boreas-observer');
    await stream.waitFor(() => stream.comments >= 3);
    stream.close();
  });

  it('reconnecting with Last-Event-ID gets exactly the missed events, in order, no duplicates', async () => {
    const first = await open('boreas-principal');
    await post('aurelia-delegate', 'before the drop');
    const dropAt = await lastIndex();
    await first.waitFor((ms) => indexes(ms).includes(dropAt));
    first.close();
    for (let i = 0; i < 3; i++) await post('aurelia-delegate', `while away ${i}`);
    const end = await lastIndex();
    const second = await open('boreas-principal', '', { 'last-event-id': String(dropAt) });
    await second.waitFor((ms) => indexes(ms).includes(end));
    expect(indexes(second.messages)).toEqual(range(dropAt + 1, end));
    // ?after= is the same for clients that cannot set the header.
    const third = await open('boreas-principal', `?after=${dropAt}`);
    await third.waitFor((ms) => indexes(ms).includes(end));
    expect(indexes(third.messages)).toEqual(range(dropAt + 1, end));
    second.close();
    third.close();
  });

  it('property: wherever the client drops while events keep coming, the union of what it received is every index once, in order', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 3 }), async (dropAfter, pauseTicks) => {
      const start = await lastIndex();
      const first = await open('aurelia-observer', `?after=${start}`);
      // 10 messages (20 events: message + receipt) posted in the background while the client drops and resumes.
      const posting = (async () => {
        for (let i = 0; i < 10; i++) {
          await t.ctx.node.postMessage({ dialogue: DIALOGUE as DialogueId, member: 'boreas-delegate' as MemberId, kind: 'informal', text: { en: `p${i}` } });
        }
      })();
      await first.waitFor((ms) => indexes(ms).length >= Math.min(dropAfter, 20));
      first.close();
      const received = indexes(first.messages);
      for (let i = 0; i < pauseTicks; i++) await new Promise((resolve) => setImmediate(resolve));
      const second = await open('aurelia-observer', '', { 'last-event-id': String(received.at(-1)!) });
      await posting;
      const end = await lastIndex();
      await second.waitFor((ms) => indexes(ms).includes(end));
      second.close();
      expect([...received, ...indexes(second.messages)]).toEqual(range(start + 1, end));
    }), { numRuns: 8 });
  });

  it('a private notice for Aurelia reaches Aurelia\'s streams only, never Boreas\'s', async () => {
    const aurelia = await open('aurelia-duty');
    const boreas = await open('boreas-duty');
    const boreasAdmin = await open('boreas-admin');
    t.ctx.node.live.publish({
      kind: 'private', dialogue: DIALOGUE as DialogueId, party: 'aurelia' as PartyId, type: 'hotline.escalation_step',
      data: { rung: 2, page: 'aurelia-principal' }, time: '2026-11-29T06:00:00.000Z',
    });
    await post('aurelia-delegate', 'after the private notice');
    const end = await lastIndex();
    for (const stream of [aurelia, boreas, boreasAdmin]) await stream.waitFor((ms) => indexes(ms).includes(end));
    const notice = aurelia.messages.find((m) => m.event === 'private')!;
    expect(notice.id).toBeUndefined();
    expect(JSON.parse(notice.data)).toMatchObject({ kind: 'private', party: 'aurelia', type: 'hotline.escalation_step', data: { rung: 2 } });
    for (const stream of [boreas, boreasAdmin]) {
      expect(stream.messages.some((m) => m.event === 'private' || m.data.includes('escalation_step'))).toBe(false);
    }
    for (const stream of [aurelia, boreas, boreasAdmin]) stream.close();
  });

  it('filters by type prefix; the resume point still covers the skipped events', async () => {
    const stream = await open('aurelia-notetaker', '?types=message.delivered');
    await post('aurelia-delegate', 'filtered');
    await stream.waitFor((ms) => ms.length >= 1);
    expect(stream.messages.map((m) => m.event)).toEqual(['message.delivered']);
    stream.close();
  });

  it('anonymous is 401, a party outside the dialogue 404, bad resume points 400 — as problem documents', async () => {
    const anonymous = await open(null);
    expect(anonymous.status).toBe(401);
    const outsider = await open('cygnus-admin');
    expect(outsider.status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(JSON.parse(outsider.body())).toMatchObject({ code: 'dialogue_not_found' });
    const beyond = await open('aurelia-principal', '', { 'last-event-id': String(await lastIndex() + 5) });
    expect(beyond.status).toBe(400);
    const garbage = await open('aurelia-principal', '?after=abc');
    expect(garbage.status).toBe(400);
  });

  it('a bearer token with the read scope opens a stream', async () => {
    const created = await t.request('boreas-observer', 'POST', '/api/v1/tokens', { name: 'pager', scopes: ['read'] });
    const { token } = created.json() as { token: string };
    const stream = await SseClient.open(`${base}${path}?after=-1`, { authorization: `Bearer ${token}` });
    expect(stream.status).toBe(200);
    await stream.waitFor((ms) => indexes(ms)[0] === 0);
    stream.close();
  });

  it('a stream ends at once when its token is revoked, its session logs out, or its member\'s roles change', async () => {
    // An app whose heartbeat never comes during the test: only the change itself can end the streams.
    const quiet = await buildHttpApp(t.ctx, { logLevel: 'silent', stream: { heartbeatMs: 600_000 } });
    const at = await quiet.listen({ host: '127.0.0.1', port: 0 });
    try {
      const call = (method: string, url: string, headers: Record<string, string>, body?: object) => fetch(`${at}${url}`, {
        method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const login = async (member: string) => {
        const response = await call('POST', '/api/v1/session', {}, { member, password: `test-password-${member}` });
        return response.headers.get('set-cookie')!.split(';')[0]!;
      };
      const observer = await login('boreas-observer');
      const { token, id } = (await (await call('POST', '/api/v1/tokens', { cookie: observer }, { name: 'pager', scopes: ['read'] })).json()) as { token: string; id: string };
      const byToken = await SseClient.open(`${at}${path}`, { authorization: `Bearer ${token}` });
      const bySession = await SseClient.open(`${at}${path}`, { cookie: observer });
      const admin = await login('aurelia-admin');
      const demoted = await login('aurelia-observer');
      const byMember = await SseClient.open(`${at}${path}`, { cookie: demoted });
      expect([byToken.status, bySession.status, byMember.status]).toEqual([200, 200, 200]);

      expect((await call('DELETE', `/api/v1/tokens/${id}`, { cookie: observer })).status).toBe(204);
      await until(() => byToken.ended);
      expect(bySession.ended).toBe(false);
      expect((await call('DELETE', '/api/v1/session', { cookie: observer })).status).toBe(204);
      await until(() => bySession.ended);
      expect(byMember.ended).toBe(false);
      expect((await call('PATCH', '/api/v1/members/aurelia-observer', { cookie: admin }, { roles: ['observer', 'notetaker'] })).status).toBe(200);
      await until(() => byMember.ended);
      await call('PATCH', '/api/v1/members/aurelia-observer', { cookie: admin }, { roles: ['observer'] });
    } finally {
      await quiet.close();
    }
  });

  it('a stream whose token was revoked elsewhere (another process or app) ends at its next heartbeat', async () => {
    const created = await t.request('boreas-observer', 'POST', '/api/v1/tokens', { name: 'pager', scopes: ['read'] });
    const { token, id } = created.json() as { token: string; id: string };
    const stream = await SseClient.open(`${base}${path}`, { authorization: `Bearer ${token}` });
    expect(stream.status).toBe(200);
    // Revoked through the harness's app, whose AuthService the listening server does not share.
    expect((await t.request('boreas-observer', 'DELETE', `/api/v1/tokens/${id}`)).statusCode).toBe(204);
    await until(() => stream.ended);
  });

  it('caps concurrent streams per member and frees a slot when one disconnects', async () => {
    const streams = await Promise.all([1, 2, 3].map(() => open('aurelia-admin')));
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200]);
    const fourth = await open('aurelia-admin');
    expect(fourth.status).toBe(429);
    streams[0]!.close();
    let again = await open('aurelia-admin');
    for (let i = 0; again.status === 429 && i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      again = await open('aurelia-admin');
    }
    expect(again.status).toBe(200);
    for (const stream of [...streams, again]) stream.close();
  });
});

/** Waits (up to 5 s) for `condition`. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5_000) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
