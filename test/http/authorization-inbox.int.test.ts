// What other nodes sent that this node has not applied (GET /dialogues/:id/record/inbox) and
// offering the refused events again (POST …/record/inbox/retry; docs/federation.md §5,
// decision 0023): every member of the dialogue's parties reads it, as the record it is
// about; admins and duty officers of those parties may retry; a member of a third party gets
// 404 and a logged-out caller 401, as on every dialogue route; bad input is a problem
// naming the field, and nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialogueId, EventId, SignedEvent } from '../../src/record/index.js';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';
import { runMatrix } from './matrix.js';

let t: TestApp;
const inbox = `/api/v1/dialogues/${DIALOGUE}/record/inbox`;
const retry = `${inbox}/retry`;
const dialogue = DIALOGUE as DialogueId;

interface Inbox {
  waiting: { party: string; seq: number; type: string; id: string; from: string; reason: string; since: string }[];
  waitingTotal: number;
  refused: { party?: string; seq?: number; type?: string; from: string; reason: string; at: string }[];
  refusedTotal: number;
}

beforeAll(async () => {
  t = await startTestApp();
  // What a peer node sent: an event waiting for an earlier one of its party, and a refused one
  // (an event of boreas, which this node hosts — so a retry refuses it again, for that reason).
  const [opened] = await t.ctx.store.events(dialogue, 0, 1);
  await t.ctx.store.inbox.putPending({
    dialogue, id: 'c'.repeat(64) as EventId, event: { ...opened!.event, party: 'boreas', seq: 12, prev: 'd'.repeat(64), type: 'message.posted' } as SignedEvent,
    source: 'boreas.node', reason: 'seq_gap: boreas is at seq 10; this is seq 12', receivedAt: '2026-11-30T03:00:00.000Z',
  });
  await t.ctx.store.recordRejection({
    dialogue, source: 'boreas.node', reason: 'type_unknown: message.posted',
    payload: JSON.stringify({ ...opened!.event, party: 'boreas', type: 'message.posted' }), time: '2026-11-30T02:59:00.000Z',
  });
});
afterAll(async () => { await t.close(); });

describe('the inbox of other nodes\' events: who may read it and who may retry', () => {
  it('every role of both parties reads the same list; an outsider gets 404 and a logged-out caller 401', async () => {
    const { failures, checked, actors } = await runMatrix(t, [{ method: 'GET', url: () => inbox, access: 'dialogue_read' }]);
    expect(failures).toEqual([]);
    expect(checked).toBe(actors);
    const body = (await t.request('aurelia-observer', 'GET', inbox)).json() as Inbox;
    expect(body).toEqual({
      waiting: [{ party: 'boreas', seq: 12, type: 'message.posted', id: 'c'.repeat(64), from: 'boreas.node', reason: 'seq_gap: boreas is at seq 10; this is seq 12', since: '2026-11-30T03:00:00.000Z' }],
      waitingTotal: 1,
      refused: [{ party: 'boreas', seq: 1, type: 'message.posted', from: 'boreas.node', reason: 'type_unknown: message.posted', at: '2026-11-30T02:59:00.000Z' }],
      refusedTotal: 1,
    });
    expect((await t.request('boreas-delegate', 'GET', inbox)).body).toBe((await t.request('aurelia-observer', 'GET', inbox)).body);
  });

  it('admins and duty officers of both parties may retry, others get 403, an outsider 404, logged out 401 — and a refusal changes nothing', async () => {
    const { failures, checked, actors } = await runMatrix(t, [{ method: 'POST', url: () => retry, body: () => ({}), access: { action: 'federation.retry' } }]);
    expect(failures).toEqual([]);
    expect(checked).toBe(actors);
    const rows = await t.ctx.store.rejections(dialogue);
    const refused = await t.request('aurelia-delegate', 'POST', retry, {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'role_not_allowed' });
    expect(await t.ctx.store.rejections(dialogue)).toEqual(rows);
  });

  it('a retry checks each refused event again and answers what became of it, with the inbox after it', async () => {
    const response = await t.request('boreas-duty', 'POST', retry, {});
    expect(response.statusCode).toBe(200);
    const body = response.json() as { retriedTotal: number; counts: Record<string, number>; retried: { id: string | null; status: string; reason?: string; from: string }[]; inbox: Inbox };
    // The refused event, and the waiting one: the matrix's first retry checked what waits too
    // (every ingest does), and refused it — boreas is hosted here.
    expect(body).toMatchObject({ retriedTotal: 2, counts: { rejected: 2 } });
    expect(body.retried).toHaveLength(2);
    for (const retried of body.retried) {
      expect(retried).toEqual({ id: expect.stringMatching(/^[0-9a-f]{64}$/), status: 'rejected', reason: expect.stringMatching(/^party_hosted_here: boreas/), from: 'boreas.node' });
    }
    expect(body.inbox).toMatchObject({ waiting: [], waitingTotal: 0, refusedTotal: 2 });
    expect(body.inbox.refused.map((r) => [r.seq, r.reason.split(':')[0]])).toEqual([[12, 'party_hosted_here'], [1, 'party_hosted_here']]);
    // The first refusal was resolved by a retry; the rows open now say why, once each.
    expect((await t.ctx.store.rejections(dialogue)).map((r) => [r.reason.split(':')[0], r.resolution ?? 'open']).sort()).toEqual([
      ['party_hosted_here', 'open'], ['party_hosted_here', 'open'], ['type_unknown', 'rejected'],
    ]);
  });

  it('a refusal that names another dialogue shows only its code: that dialogue\'s details are not for this one\'s members', async () => {
    const [opened] = await t.ctx.store.events(dialogue, 0, 1);
    await t.ctx.store.recordRejection({
      dialogue, source: 'boreas.node', reason: 'wrong_dialogue: the event belongs to secret-talks',
      payload: JSON.stringify({ ...opened!.event, dialogue: 'secret-talks', party: 'cyrene', seq: 7, type: 'notice.given' }), time: '2026-11-30T04:00:00.000Z',
    });
    const response = await t.request('boreas-observer', 'GET', inbox);
    expect((response.json() as Inbox).refused[0]).toEqual({ from: 'boreas.node', reason: 'wrong_dialogue', at: '2026-11-30T04:00:00.000Z' });
    expect(response.body).not.toContain('secret-talks');
    expect(response.body).not.toContain('cyrene');
  });

  it('a read-only API token reads the inbox but cannot retry', async () => {
    const created = await t.request('aurelia-admin', 'POST', '/api/v1/tokens', { name: 'monitor', scopes: ['read'] });
    expect(created.statusCode).toBe(201);
    const headers = { authorization: `Bearer ${(created.json() as { token: string }).token}` };
    expect((await t.app.inject({ method: 'GET', url: inbox, headers })).statusCode).toBe(200);
    const write = await t.app.inject({ method: 'POST', url: retry, headers, payload: {} });
    expect(write.statusCode).toBe(403);
  });
});

describe('the inbox of other nodes\' events: bad input', () => {
  it('an unknown dialogue is 404, an unknown body field 400 naming it; nothing changes', async () => {
    const rows = await t.ctx.store.rejections(dialogue);
    const unknown = await t.request('aurelia-admin', 'POST', '/api/v1/dialogues/no-such-dialogue/record/inbox/retry', {});
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'dialogue_not_found' });
    const extra = await t.request('aurelia-admin', 'POST', retry, { everything: true });
    expect(extra.statusCode).toBe(400);
    expect(String(extra.headers['content-type'])).toContain('application/problem+json');
    expect((extra.json() as { errors?: { field: string }[] }).errors?.[0]?.field).toBe('everything');
    const notJson = await t.app.inject({ method: 'POST', url: retry, headers: { cookie: await t.cookie('aurelia-admin'), 'content-type': 'application/json' }, payload: '{' });
    expect(notJson.statusCode).toBe(400);
    expect(await t.ctx.store.rejections(dialogue)).toEqual(rows);
  });

  it('both routes are in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
    expect(JSON.stringify(doc.paths['/api/v1/dialogues/{dialogue}/record/inbox']?.get?.responses?.['200'])).toContain('refusedTotal');
    expect(JSON.stringify(doc.paths['/api/v1/dialogues/{dialogue}/record/inbox/retry']?.post?.responses?.['200'])).toContain('retried');
  });
});
