// The authorization matrix: every endpoint × every member of both parties (every role) ×
// a member of a third party outside the dialogue × logged out. Reads are open to the
// dialogue's parties only; writes follow the one policy table (src/domain/policy.ts); a
// successful write is always recorded in the name of the member's own party.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';
import { runMatrix, type Route } from './matrix.js';

let t: TestApp;
let proposedGroup = '';
let activeGroup = '';
let commitment = '';
let contextEvent = '';
let statement = '';
let message = '';
let meeting = '';
let readout = '';
const d = `/api/v1/dialogues/${DIALOGUE}`;
const mandate = { title: { en: 'Matrix test group' }, goals: [{ en: 'A checkable goal' }] };

beforeAll(async () => {
  t = await startTestApp();
  const proposed = await t.request('aurelia-delegate', 'POST', `${d}/working-groups`, { mandate, coChair: 'aurelia-delegate' });
  proposedGroup = (proposed.json() as { id: string }).id;
  const active = await t.request('boreas-delegate', 'POST', `${d}/working-groups`, { mandate, coChair: 'boreas-delegate' });
  activeGroup = (active.json() as { id: string }).id;
  await t.request('aurelia-principal', 'POST', `${d}/working-groups/${activeGroup}/accept`, { proposal: activeGroup, coChair: 'aurelia-delegate' });
  const id = async (r: Promise<{ json(): unknown }>) => ((await r).json() as { id: string }).id;
  commitment = await id(t.request('aurelia-delegate', 'POST', `${d}/commitments`, { workingGroup: activeGroup, party: 'aurelia', title: { en: 'c' }, due: '2030-01-01' }));
  contextEvent = await id(t.request('aurelia-notetaker', 'POST', `${d}/context-events`, { event: { title: { en: 'e' }, date: '2026-01-01', category: 'other', source: { text: { en: 's' } } } }));
  statement = await id(t.request('aurelia-delegate', 'POST', `${d}/joint-statements`, { text: { en: 's' } }));
  message = await id(t.request('aurelia-delegate', 'POST', `${d}/messages`, { text: { en: 'm' } }));
  meeting = await id(t.request('aurelia-delegate', 'POST', `${d}/meetings`, { workingGroup: activeGroup, start: '2026-01-10T09:00:00Z', end: '2026-01-10T12:00:00Z', format: 'video' }));
  await t.request('aurelia-delegate', 'POST', `${d}/meetings/${meeting}/agenda`, { items: [{ goal: { en: 'g' } }] });
  readout = await id(t.request('aurelia-delegate', 'POST', `${d}/readouts`, { meeting, items: [{ item: 0, text: { en: 'our readout' } }] }));
});
afterAll(async () => { await t.close(); });

const ROUTES: Route[] = [
  { method: 'GET', url: () => '/api/v1/session', access: 'self' },
  { method: 'GET', url: () => '/api/v1/tokens', access: 'self' },
  { method: 'GET', url: () => '/api/v1/members', access: 'self' },
  { method: 'GET', url: () => '/api/v1/dialogues', access: 'self' },
  { method: 'GET', url: () => d, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/messages`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/record/checkpoint`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/record/transcript`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/record/proofs/inclusion?index=0`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/record/proofs/consistency?from=1`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/record/events`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/working-groups`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/working-groups/${proposedGroup}`, access: 'dialogue_read' },
  { method: 'POST', url: () => `${d}/messages`, body: () => ({ text: { en: 'matrix' } }), access: { action: 'message.post' } },
  { method: 'POST', url: () => `${d}/working-groups`, body: () => ({ mandate, coChair: 'someone' }), access: { action: 'working_group.propose' } },
  { method: 'POST', url: () => `${d}/working-groups/${proposedGroup}/accept`, body: () => ({ proposal: proposedGroup, coChair: 'c' }), access: { action: 'working_group.accept' } },
  { method: 'POST', url: () => `${d}/working-groups/${proposedGroup}/reject`, body: () => ({ proposal: proposedGroup }), access: { action: 'working_group.reject' } },
  { method: 'POST', url: () => `${d}/working-groups/${proposedGroup}/withdraw`, body: () => ({}), access: { action: 'working_group.withdraw', party: 'aurelia' } },
  { method: 'POST', url: () => `${d}/working-groups/${activeGroup}/suspend`, body: () => ({ reason: 'matrix' }), access: { action: 'working_group.suspend' } },
  { method: 'POST', url: () => `${d}/working-groups/${activeGroup}/resume`, body: () => ({}), access: { action: 'working_group.resume' } },
  { method: 'POST', url: () => `${d}/working-groups/${activeGroup}/amendments`, body: () => ({ mandate }), access: { action: 'working_group.propose' } },
  { method: 'POST', url: () => `${d}/working-groups/${activeGroup}/amendments/accept`, body: () => ({ proposal: 'p' }), access: { action: 'working_group.accept' } },
  { method: 'POST', url: () => `${d}/working-groups/${activeGroup}/closure`, body: () => ({}), access: { action: 'working_group.close' } },
  { method: 'POST', url: () => `${d}/working-groups/${activeGroup}/closure/accept`, body: () => ({ proposal: 'p' }), access: { action: 'working_group.close' } },
  { method: 'GET', url: () => `${d}/commitments`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/commitments/${commitment}`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/commitments.csv`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/context-events`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/joint-statements`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/messages`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/messages/${message}`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/private-notes`, access: 'dialogue_read' },
  { method: 'POST', url: () => `${d}/commitments`, body: () => ({ workingGroup: activeGroup, party: 'boreas', title: { en: 'c' }, due: '2030-01-01' }), access: { action: 'commitment.propose' } },
  { method: 'POST', url: () => `${d}/commitments/${commitment}/commit`, body: () => ({}), access: { action: 'commitment.commit' } },
  { method: 'POST', url: () => `${d}/commitments/${commitment}/update`, body: () => ({ progress: 10 }), access: { action: 'commitment.update' } },
  { method: 'POST', url: () => `${d}/commitments/${commitment}/deliver`, body: () => ({ evidence: { text: { en: 'done' } } }), access: { action: 'commitment.deliver' } },
  { method: 'POST', url: () => `${d}/commitments/${commitment}/confirm`, body: () => ({}), access: { action: 'commitment.confirm' } },
  { method: 'POST', url: () => `${d}/commitments/${commitment}/dispute`, body: () => ({ reason: 'no' }), access: { action: 'commitment.confirm' } },
  { method: 'POST', url: () => `${d}/commitments/${commitment}/withdraw`, body: () => ({ reason: 'r' }), access: { action: 'commitment.withdraw' } },
  { method: 'POST', url: () => `${d}/context-events`, body: () => ({ event: { title: { en: 'e' }, date: '2026-01-01', category: 'other', source: { text: { en: 's' } } } }), access: { action: 'context.record' } },
  { method: 'POST', url: () => `${d}/context-events/${contextEvent}/correct`, body: () => ({ changes: { category: 'visit' } }), access: { action: 'context.record', party: 'aurelia' } },
  { method: 'POST', url: () => `${d}/joint-statements`, body: () => ({ text: { en: 's' } }), access: { action: 'joint_statement.propose' } },
  { method: 'POST', url: () => `${d}/joint-statements/${statement}/revise`, body: () => ({ text: { en: 's2' } }), access: { action: 'joint_statement.propose' } },
  { method: 'POST', url: () => `${d}/joint-statements/${statement}/sign`, body: () => ({ version: 'v' }), access: { action: 'joint_statement.sign' } },
  { method: 'POST', url: () => `${d}/messages/${message}/acknowledge`, body: () => ({}), access: { action: 'message.acknowledge', party: 'boreas' } },
  { method: 'POST', url: () => `${d}/redactions`, body: () => ({ event: message, reason: 'spill' }), access: { action: 'record.redact', party: 'aurelia' } },
  { method: 'POST', url: () => `${d}/private-notes`, body: () => ({ subject: message, text: { en: 'n' } }), access: { action: 'private_note.write' } },
  { method: 'GET', url: () => `${d}/meetings`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/meetings/${meeting}`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/meetings/${meeting}/readouts/comparison`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/readouts`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/readout-drafts`, access: 'dialogue_read' },
  { method: 'POST', url: () => `${d}/meetings`, body: () => ({ workingGroup: activeGroup, start: '2026-02-10T09:00:00Z', end: '2026-02-10T12:00:00Z', format: 'phone' }), access: { action: 'meeting.propose' } },
  { method: 'POST', url: () => `${d}/meetings/${meeting}/accept`, body: () => ({ proposal: meeting }), access: { action: 'meeting.accept' } },
  { method: 'POST', url: () => `${d}/meetings/${meeting}/agenda/accept`, body: () => ({ proposal: 'p' }), access: { action: 'agenda.accept' } },
  { method: 'POST', url: () => `${d}/meetings/${meeting}/agenda/amend`, body: () => ({ items: [{ goal: { en: 'g2' } }] }), access: { action: 'agenda.propose' } },
  { method: 'POST', url: () => `${d}/meetings/${meeting}/outcomes`, body: () => ({ item: 0, outcome: 'achieved' }), access: { action: 'agenda.outcome' } },
  { method: 'POST', url: () => `${d}/meetings/${meeting}/attendance`, body: () => ({ attended: [] }), access: { action: 'meeting.attend' } },
  { method: 'POST', url: () => `${d}/meetings/${meeting}/reschedule`, body: () => ({ start: '2026-01-11T09:00:00Z', end: '2026-01-11T12:00:00Z', format: 'video' }), access: { action: 'meeting.propose' } },
  { method: 'POST', url: () => `${d}/meetings/${meeting}/conclude`, body: () => ({ next: { start: '2026-03-01T09:00:00Z', format: 'video' } }), access: { action: 'meeting.conclude' } },
  { method: 'POST', url: () => `${d}/meetings/${meeting}/cancel`, body: () => ({ reason: 'r' }), access: { action: 'meeting.cancel' } },
  { method: 'POST', url: () => `${d}/readouts`, body: () => ({ meeting, items: [{ item: 0, text: { en: 'we agreed' } }] }), access: { action: 'readout.publish' } },
  { method: 'PUT', url: () => `${d}/readout-drafts/draft-${Math.random().toString(36).slice(2, 10)}`, body: () => ({ meeting, content: { items: [{ item: 0, text: { en: 'draft' } }] } }), access: { action: 'readout.draft' } },
  { method: 'POST', url: () => '/api/v1/members', body: (actor) => ({ id: `${actor?.party ?? 'nobody'}-m-${Math.random().toString(36).slice(2, 10)}`, name: 'New', roles: ['observer'], password: 'a long enough password' }), access: { action: 'member.manage' } },
  { method: 'PATCH', url: () => '/api/v1/members/aurelia-observer', body: () => ({ name: 'Aurelia observer (fictional)' }), access: { action: 'member.manage' } },
  { method: 'POST', url: () => '/api/v1/tokens', body: () => ({ name: 'matrix script', scopes: ['read'] }), access: 'self' },
  { method: 'GET', url: () => '/api/v1/members/aurelia-observer', access: { partyRead: 'aurelia' } },
  // Every party's admins read their own party's audit log (audit.int.test.ts: only its entries).
  { method: 'GET', url: () => '/api/v1/audit', access: { action: 'audit.read' } },
  { method: 'GET', url: () => '/api/v1/audit?action=member.changed&limit=5', access: { action: 'audit.read' } },
  { method: 'GET', url: () => `${d}/readouts/${readout}`, access: 'dialogue_read' },
  { method: 'POST', url: () => `${d}/readouts/${readout}/revise`, body: () => ({ items: [{ item: 0, text: { en: 'revised' } }] }), access: { action: 'readout.publish', party: 'aurelia' } },
  { method: 'DELETE', url: () => `${d}/readout-drafts/matrix-draft`, access: { action: 'readout.draft' } },
  { method: 'GET', url: () => `${d}/context-events/${contextEvent}`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/joint-statements/${statement}`, access: 'dialogue_read' },
  // Last: a withdrawn statement can no longer be revised or signed.
  { method: 'POST', url: () => `${d}/joint-statements/${statement}/withdraw`, body: () => ({ reason: 'matrix' }), access: { action: 'joint_statement.withdraw', party: 'aurelia' } },
];

describe('authorization matrix', () => {
  it('every endpoint answers every member, role and party as the policy says', async () => {
    const { failures, checked, actors } = await runMatrix(t, ROUTES);
    expect(failures).toEqual([]);
    expect(checked).toBe(ROUTES.length * actors);
  });

  it("another party's members never see, overwrite or publish our readout drafts or private notes", async () => {
    const put = await t.request('aurelia-notetaker', 'PUT', `${d}/readout-drafts/aurelia-secret-draft`, { meeting, content: { items: [{ item: 0, text: { en: 'DRAFT: we conceded item 0' } }] } });
    expect(put.statusCode).toBe(200);
    expect(put.headers.etag).toBe('"1"');
    await t.request('aurelia-notetaker', 'POST', `${d}/private-notes`, { subject: meeting, text: { en: 'PRIVATE: they will not move' } });
    for (const outsider of ['boreas-principal', 'boreas-delegate', 'boreas-notetaker', 'boreas-observer', 'boreas-admin', 'boreas-duty']) {
      expect((await t.request(outsider, 'GET', `${d}/readout-drafts`)).body).not.toContain('we conceded');
      expect((await t.request(outsider, 'GET', `${d}/private-notes`)).body).not.toContain('will not move');
      expect((await t.request(outsider, 'POST', `${d}/readout-drafts/aurelia-secret-draft/publish`, {})).statusCode).toBe(404);
      const overwrite = await t.request(outsider, 'PUT', `${d}/readout-drafts/aurelia-secret-draft`, { meeting, content: { items: [] } }, { 'if-match': '"1"' });
      expect([403, 412]).toContain(overwrite.statusCode);
    }
    // Each party has its own draft ids: the same id is Boreas's own new draft, and creating it
    // neither fails nor reveals that Aurelia has one by that name.
    const theirs = await t.request('boreas-notetaker', 'PUT', `${d}/readout-drafts/aurelia-secret-draft`, { meeting, content: { items: [{ item: 0, text: { en: 'Boreas draft' } }] } });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.headers.etag).toBe('"1"');
    expect(theirs.body).not.toContain('we conceded');
    const ours = await t.request('aurelia-observer', 'GET', `${d}/readout-drafts`);
    expect(ours.body).toContain('we conceded');
    const transcript = await t.request('aurelia-principal', 'GET', `${d}/record/transcript`);
    expect(transcript.body).not.toContain('we conceded');
    expect(transcript.body).not.toContain('will not move');
  });

  it("another party's members never see our members or tokens", async () => {
    await t.request('aurelia-admin', 'POST', '/api/v1/tokens', { name: 'aurelia secret script', scopes: ['read', 'write'] });
    for (const outsider of ['boreas-admin', 'boreas-principal', 'cygnus-admin']) {
      const members = (await t.request(outsider, 'GET', '/api/v1/members')).json() as { items: { party: string }[] };
      expect(members.items.length).toBeGreaterThan(0);
      expect(members.items.every((m) => m.party === outsider.split('-')[0])).toBe(true);
      const tokens = await t.request(outsider, 'GET', '/api/v1/tokens');
      expect(tokens.body).not.toContain('aurelia secret script');
    }
  });

  it("an admin cannot probe another party's member ids by adding members: new ids start with the admin's own party", async () => {
    const add = (id: string) => t.request('cygnus-admin', 'POST', '/api/v1/members', { id, name: 'Probe', roles: ['observer'], password: 'a long enough password' });
    const existing = await add('aurelia-principal');
    const unknown = await add('aurelia-nobody');
    for (const probe of [existing, unknown]) {
      expect(probe.statusCode).toBe(400);
      expect(probe.json()).toMatchObject({ code: 'member_id_prefix', errors: [{ field: 'id' }] });
    }
    expect(existing.body.replace('aurelia-principal', 'X')).toBe(unknown.body.replace('aurelia-nobody', 'X'));
    expect((await add('cygnus-analyst')).statusCode).toBe(201);
    expect((await add('cygnus-analyst')).statusCode).toBe(409);
    expect((await t.ctx.store.member('aurelia-principal' as never))?.party).toBe('aurelia');
  });
});
