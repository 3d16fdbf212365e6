// Forks detected (GET /dialogues/:id/record/forks): the evidence of equivocating events and
// inconsistent checkpoints this node keeps is about the shared record, so every member of
// both parties reads all of it, whatever their role; a member of a third party and a
// logged-out caller get what every dialogue route answers them (404, 401); bad ids are
// RFC 9457 problems naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedForks, type SeededForks } from '../../src/federation/testing/fork-evidence.js';
import { hasValidSignature, verifyingKey, type DialogueId, type PartyId, type SignedEvent } from '../../src/record/index.js';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';
import { runMatrix } from './matrix.js';

let t: TestApp;
let seeded: SeededForks;
const forks = `/api/v1/dialogues/${DIALOGUE}/record/forks`;
const AT = '2026-11-29T10:00:00.000Z';

interface Forks {
  events: { party: string; seq: number; stored: { id: string; envelope: string }; other: { id: string; envelope: string }; source: string; detectedAt: string }[];
  checkpoints: { origin: string; source: string; reason: string; known: { note: string; size: number | null; root: string | null }; offered: { note: string; size: number | null; root: string | null }; proof: string[]; detectedAt: string }[];
  reports: { id: string; party: string; member: string | null; kind: string | null; forkedParty: string | null; seq: number | null; events: string[] | null; source: string | null; reason: string | null }[];
}

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => { await t.close(); });

describe('forks detected: who may read them', () => {
  it('with no fork detected, members of the dialogue read two empty lists', async () => {
    const response = await t.request('boreas-observer', 'GET', forks);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ events: [], checkpoints: [], reports: [] });
  });

  it('every role of both parties reads the same evidence; an outsider gets 404 and a logged-out caller 401, as for every dialogue route', async () => {
    seeded = await seedForks(t.ctx.node, DIALOGUE as DialogueId, { party: 'boreas' as PartyId, seq: 2, peer: 'boreas.node', at: AT, reporter: 'aurelia' as PartyId });
    const { failures, checked, actors } = await runMatrix(t, [{ method: 'GET', url: () => forks, access: 'dialogue_read' }]);
    expect(failures).toEqual([]);
    expect(checked).toBe(actors);

    const bodies = new Set<string>();
    for (const member of t.members.filter((m) => !m.startsWith('cygnus'))) {
      const response = await t.request(member, 'GET', forks);
      expect(response.statusCode, member).toBe(200);
      bodies.add(response.body);
    }
    expect(bodies.size).toBe(1);

    const outsider = await t.request('cygnus-admin', 'GET', forks);
    const sibling = await t.request('cygnus-admin', 'GET', `/api/v1/dialogues/${DIALOGUE}/record/checkpoint`);
    expect(outsider.statusCode).toBe(404);
    expect(outsider.json()).toMatchObject({ code: 'dialogue_not_found' });
    expect((outsider.json() as { code: string }).code).toBe((sibling.json() as { code: string }).code);
    expect(outsider.body).not.toContain(seeded.event.otherId);
    expect((await t.request(null, 'GET', forks)).statusCode).toBe(401);
  });

  it('shows both signed events of the party and seq (the other one verifies with the party\'s key) and both checkpoints with sizes and roots', async () => {
    const body = (await t.request('aurelia-duty', 'GET', forks)).json() as Forks;
    expect(body.events).toHaveLength(1);
    const [fork] = body.events;
    expect(fork).toMatchObject({ party: 'boreas', seq: 2, source: 'boreas.node', detectedAt: AT });
    expect(fork!.stored.id).toBe(seeded.event.storedId);
    expect(fork!.other.id).toBe(seeded.event.otherId);
    expect(fork!.other.id).not.toBe(fork!.stored.id);
    const key = verifyingKey((await t.ctx.store.party('boreas' as PartyId))!.publicKey);
    for (const side of [fork!.stored, fork!.other]) {
      const envelope = JSON.parse(side.envelope) as SignedEvent;
      expect(envelope).toMatchObject({ party: 'boreas', seq: 2 });
      expect(hasValidSignature(envelope, key)).toBe(true);
    }

    expect(body.checkpoints).toHaveLength(1);
    const [conflict] = body.checkpoints;
    expect(conflict).toMatchObject({
      origin: `boreas.node/${DIALOGUE}`, source: 'boreas.node', proof: [], detectedAt: AT,
      known: { size: 5, root: seeded.checkpoint.knownRoot }, offered: { size: 4, root: seeded.checkpoint.offeredRoot },
    });
    expect(conflict!.reason).toMatch(/^checkpoint_shrank/);
    expect(conflict!.known.note).toContain(`boreas.node/${DIALOGUE}\n5\n${seeded.checkpoint.knownRoot}\n\n— boreas.node `);

    // The report Aurelia's node put on the record: on the shared record, so Boreas's members see it too.
    expect(body.reports).toEqual([{
      id: seeded.report, party: 'aurelia', member: null, at: expect.any(String), kind: 'event', forkedParty: 'boreas', seq: 2,
      events: [seeded.event.storedId, seeded.event.otherId], origin: null, sizes: null, roots: null, source: 'boreas.node', waiting: null,
      reason: `equivocation: boreas already signed ${seeded.event.storedId} at seq 2`,
    }]);
    const onRecord = await t.ctx.store.eventById(DIALOGUE as DialogueId, seeded.report!);
    expect(onRecord?.event).toMatchObject({ type: 'record.fork_reported', party: 'aurelia', member: null });
  });

  it('a read-only API token reads it too', async () => {
    const created = await t.request('boreas-observer', 'POST', '/api/v1/tokens', { name: 'forks', scopes: ['read'] });
    expect(created.statusCode).toBe(201);
    const token = (created.json() as { token: string }).token;
    const response = await t.app.inject({ method: 'GET', url: forks, headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    expect((response.json() as Forks).events).toHaveLength(1);
  });
});

describe('forks detected: bad ids', () => {
  it('an unknown dialogue is a 404 problem; an id too long is a 400 problem naming the field', async () => {
    const unknown = await t.request('aurelia-principal', 'GET', '/api/v1/dialogues/no-such-dialogue/record/forks');
    expect(unknown.statusCode).toBe(404);
    expect(String(unknown.headers['content-type'])).toContain('application/problem+json');
    expect(unknown.json()).toMatchObject({ status: 404, code: 'dialogue_not_found' });
    const long = await t.request('aurelia-principal', 'GET', `/api/v1/dialogues/${'x'.repeat(201)}/record/forks`);
    expect(long.statusCode).toBe(400);
    expect(String(long.headers['content-type'])).toContain('application/problem+json');
    const problem = long.json() as { errors?: { field: string; reason: string }[] };
    expect(problem.errors?.[0]?.field).toMatch(/dialogue/);
  });

  it('is in the OpenAPI document with its response schema', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, { get?: { responses?: Record<string, unknown> } }> };
    const route = doc.paths['/api/v1/dialogues/{dialogue}/record/forks']?.get;
    expect(route?.responses?.['200']).toBeDefined();
    expect(JSON.stringify(route?.responses?.['200'])).toContain('checkpoints');
  });
});
