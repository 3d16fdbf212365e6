// The dialogue end to end over HTTP: working groups, commitments through confirmation and
// dispute, timeline, messages with receipts and acknowledgement, private notes, a
// redaction — then the projections rebuilt from the record equal the live ones, and the
// exported transcript still verifies with the redacted body withheld.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyTranscript } from '../../src/record/index.js';
import type { DialogueId } from '../../src/record/index.js';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';
import { dumpProjections } from './projections.js';

let t: TestApp;
const d = `/api/v1/dialogues/${DIALOGUE}`;

async function ok<T = Record<string, unknown>>(member: string, method: string, url: string, body?: unknown, status = 200): Promise<T> {
  const response = await t.request(member, method, url, body);
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
  return response.json() as T;
}

describe.each(['sqlite', 'postgres'] as const)('on %s', (engine) => {
beforeAll(async () => { t = await startTestApp({ engine }); });
afterAll(async () => { await t.close(); });

describe('a dialogue over HTTP, end to end', () => {
  it('given a full working history, the rebuilt projections equal the live ones and the record verifies', async () => {
    const groups = await ok<{ items: { id: string; state: { mandate: { title: { en: string } } } }[] }>('aurelia-observer', 'GET', `${d}/working-groups?status=active`);
    const maritime = groups.items.find((g) => g.state.mandate.title.en === 'Maritime issues')!;
    expect(maritime).toBeDefined();

    // Commitments: one confirmed, one disputed, one only proposed.
    const due = '2027-03-31';
    const c1 = await ok<{ id: string }>('aurelia-delegate', 'POST', `${d}/commitments`, { workingGroup: maritime.id, party: 'boreas', title: { en: 'Share the incident report template' }, due }, 201);
    await ok('boreas-principal', 'POST', `${d}/commitments/${c1.id}/commit`, {});
    const delegateCommit = await t.request('boreas-delegate', 'POST', `${d}/commitments/${c1.id}/commit`, {});
    expect(delegateCommit.statusCode).toBe(403);
    const early = await t.request('aurelia-delegate', 'POST', `${d}/commitments/${c1.id}/confirm`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'not_delivered' });
    await ok('boreas-delegate', 'POST', `${d}/commitments/${c1.id}/deliver`, { evidence: { text: { en: 'Template sent by formal note' } } });
    const ownConfirm = await t.request('boreas-delegate', 'POST', `${d}/commitments/${c1.id}/confirm`, {});
    expect(ownConfirm.statusCode).toBe(409);
    const confirmed = await ok<{ status: string }>('aurelia-delegate', 'POST', `${d}/commitments/${c1.id}/confirm`, {});
    expect(confirmed.status).toBe('confirmed');

    const c2 = await ok<{ id: string }>('boreas-delegate', 'POST', `${d}/commitments`, { workingGroup: maritime.id, party: 'aurelia', title: { en: 'Publish the exercise calendar' }, due }, 201);
    await ok('aurelia-principal', 'POST', `${d}/commitments/${c2.id}/commit`, {});
    await ok('aurelia-delegate', 'POST', `${d}/commitments/${c2.id}/update`, { progress: 60, reference: 'MFA-2026-114' });
    await ok('aurelia-delegate', 'POST', `${d}/commitments/${c2.id}/deliver`, { evidence: { links: ['https://example.org/calendar'] } });
    const disputed = await ok<{ status: string }>('boreas-principal', 'POST', `${d}/commitments/${c2.id}/dispute`, { reason: 'The calendar omits the autumn exercises.' });
    expect(disputed.status).toBe('disputed');
    await ok('boreas-delegate', 'POST', `${d}/commitments`, { workingGroup: maritime.id, party: 'boreas', title: { en: 'Name a point of contact' }, due }, 201);

    const csv = await t.request('aurelia-observer', 'GET', `${d}/commitments.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')[0]).toMatch(/^id,/);
    expect(csv.body).toContain('Publish the exercise calendar');

    // Timeline and a joint statement.
    await ok('boreas-notetaker', 'POST', `${d}/context-events`, { event: { title: { en: 'Defence ministers meet' }, date: '2026-11-20', category: 'meeting', source: { text: { en: 'Press release' } } } }, 201);
    const statement = await ok<{ id: string; state: { version: string } }>('aurelia-delegate', 'POST', `${d}/joint-statements`, { text: { en: 'Both sides will keep the maritime channel open.' } }, 201);
    await ok('aurelia-principal', 'POST', `${d}/joint-statements/${statement.id}/sign`, { version: statement.state.version });
    const signed = await ok<{ status: string }>('boreas-principal', 'POST', `${d}/joint-statements/${statement.id}/sign`, { version: statement.state.version });
    expect(signed.status).toBe('agreed');

    // A message is receipted by the other party's node at once, then acknowledged by a person.
    const posted = await ok<{ id: string }>('aurelia-duty', 'POST', `${d}/messages`, { kind: 'formal_note', text: { en: 'Our frigate will transit the strait at 0600 UTC.' } }, 201);
    const message = await ok<{ status: string; state: { recipients: Record<string, { deliveredAt: string | null }> } }>('boreas-duty', 'GET', `${d}/messages/${posted.id}`);
    expect(message.status).toBe('delivered');
    expect(message.state.recipients.boreas?.deliveredAt).toBeTruthy();
    const acknowledged = await ok<{ status: string }>('boreas-duty', 'POST', `${d}/messages/${posted.id}/acknowledge`, {});
    expect(acknowledged.status).toBe('acknowledged');

    // Private notes stay with their party.
    await ok('aurelia-notetaker', 'POST', `${d}/private-notes`, { subject: c2.id, text: { en: 'Boreas is stalling on purpose.' } }, 201);
    const theirs = await ok<{ items: unknown[] }>('boreas-principal', 'GET', `${d}/private-notes`);
    expect(theirs.items).toEqual([]);
    const ours = await ok<{ items: { text: { en: string } }[] }>('aurelia-observer', 'GET', `${d}/private-notes?subject=${c2.id}`);
    expect(ours.items.map((n) => n.text.en)).toEqual(['Boreas is stalling on purpose.']);

    // A spillage: Aurelia redacts its own message; Boreas cannot redact it.
    const spill = await ok<{ id: string }>('aurelia-delegate', 'POST', `${d}/messages`, { text: { en: 'INTERNAL: our red line is 12 nm.' } }, 201);
    expect((await t.request('boreas-principal', 'POST', `${d}/redactions`, { event: spill.id, reason: 'not ours' })).statusCode).toBe(403);
    await ok('aurelia-principal', 'POST', `${d}/redactions`, { event: spill.id, reason: 'Sent to the wrong channel.' }, 201);
    const redacted = await ok<{ state: { text: unknown } }>('boreas-delegate', 'GET', `${d}/messages/${spill.id}`);
    expect(redacted.state.text).toBeNull();
    const stored = await t.ctx.store.eventById(DIALOGUE as DialogueId, spill.id as never);
    expect(stored?.event.body).toBeUndefined();

    // Rebuild equals live.
    const live = await dumpProjections(t);
    await t.ctx.store.rebuildProjections(DIALOGUE as DialogueId);
    expect(await dumpProjections(t)).toEqual(live);

    // The record still verifies; the redacted body is withheld.
    const transcript = await t.request('aurelia-observer', 'GET', `${d}/record/transcript`);
    const summary = verifyTranscript(JSON.parse(transcript.body));
    expect(summary.withheld).toBe(1);
    expect(transcript.body).not.toContain('red line');
  });
});

describe('a meeting with clear goals, over HTTP', () => {
  it('given an agreed schedule and agenda, outcomes per party show disagreement, and readouts compare side by side', async () => {
    const groups = await ok<{ items: { id: string }[] }>('aurelia-observer', 'GET', `${d}/working-groups?status=active`);
    const group = groups.items[0]!.id;
    const meeting = await ok<{ id: string }>('aurelia-delegate', 'POST', `${d}/meetings`, { workingGroup: group, start: '2026-11-01T01:00:00Z', end: '2026-11-01T05:00:00Z', format: 'in_person', place: { en: 'Geneva' } }, 201);
    const agreed = await ok<{ status: string }>('boreas-principal', 'POST', `${d}/meetings/${meeting.id}/accept`, { proposal: meeting.id });
    expect(agreed.status).toBe('scheduled');

    const topicOnly = await t.request('aurelia-delegate', 'POST', `${d}/meetings/${meeting.id}/agenda`, { items: [{ goal: { en: '   ' } }] });
    expect(topicOnly.statusCode).toBe(400);
    const agenda = await ok<{ state: { agenda: { proposal: string } } }>('aurelia-delegate', 'POST', `${d}/meetings/${meeting.id}/agenda`, {
      items: [{ goal: { en: 'Agree a notification procedure for air intercepts' } }, { goal: { en: 'Agree a hotline test schedule' } }],
    });
    const early = await t.request('aurelia-notetaker', 'POST', `${d}/meetings/${meeting.id}/outcomes`, { item: 0, outcome: 'achieved' });
    expect(early.json()).toMatchObject({ code: 'agenda_not_agreed' });
    await ok('boreas-principal', 'POST', `${d}/meetings/${meeting.id}/agenda/accept`, { proposal: agenda.state.agenda.proposal });
    await ok('aurelia-notetaker', 'POST', `${d}/meetings/${meeting.id}/outcomes`, { item: 0, outcome: 'achieved' });
    const recorded = await ok<{ state: { agenda: { items: { outcomes: Record<string, string>; disputed: boolean }[] } } }>('boreas-notetaker', 'POST', `${d}/meetings/${meeting.id}/outcomes`, { item: 0, outcome: 'partly' });
    expect(recorded.state.agenda.items[0]).toMatchObject({ outcomes: { aurelia: 'achieved', boreas: 'partly' }, disputed: true });

    // Aurelia drafts privately, then publishes; Boreas publishes directly.
    const draft = await t.request('aurelia-notetaker', 'PUT', `${d}/readout-drafts/r1`, { meeting: meeting.id, content: { items: [{ item: 0, text: { en: 'The sides agreed a procedure for air intercepts.' } }, { item: 1, text: { en: 'Tests will be monthly.' } }] } });
    expect(draft.statusCode).toBe(200);
    const stale = await t.request('aurelia-delegate', 'PUT', `${d}/readout-drafts/r1`, { meeting: meeting.id, content: { items: [] } });
    expect(stale.statusCode).toBe(412);
    await ok('aurelia-delegate', 'POST', `${d}/readout-drafts/r1/publish`, {}, 201);
    expect((await ok<{ items: unknown[] }>('aurelia-delegate', 'GET', `${d}/readout-drafts`)).items).toEqual([]);
    await ok('boreas-delegate', 'POST', `${d}/readouts`, { meeting: meeting.id, items: [{ item: 0, text: { en: 'The sides agreed in principle a procedure for air intercepts.' } }] }, 201);

    const comparison = await ok<{ comparison: { items: { mentionedBy: string[]; mentionedByOneSideOnly: boolean; pairs: { diffs: { segments: { op: string; text: string }[] }[] }[] }[] } }>('boreas-observer', 'GET', `${d}/meetings/${meeting.id}/readouts/comparison`);
    const [first, second] = comparison.comparison.items;
    expect(first!.mentionedByOneSideOnly).toBe(false);
    expect(first!.pairs[0]!.diffs[0]!.segments).toContainEqual({ op: 'insert', text: expect.stringContaining('in principle') });
    expect(second).toMatchObject({ mentionedBy: ['aurelia'], mentionedByOneSideOnly: true });

    const concluded = await t.request('aurelia-delegate', 'POST', `${d}/meetings/${meeting.id}/conclude`, { next: { start: '2026-12-01T01:00:00Z', format: 'video' } });
    expect(concluded.json()).toMatchObject({ status: 'concluded', state: { next: { start: '2026-12-01T01:00:00Z' } } });
  });
});
});

describe('overdue commitments', () => {
  it('a committed commitment past its due date reads as overdue, and ?status=overdue finds exactly those', async () => {
    const app = await startTestApp();
    try {
      // The demo scenario has a committed commitment due 2026-11-15, before today.
      const overdue = (await app.request('aurelia-observer', 'GET', `${d}/commitments?status=overdue`)).json() as { items: { status: string; state: { title: { en: string } } }[] };
      expect(overdue.items.length).toBeGreaterThan(0);
      expect(overdue.items.every((c) => c.status === 'overdue')).toBe(true);
      expect(overdue.items.map((c) => c.state.title.en)).toContain('Share the calendar of major naval exercises for the next six months');
      const committed = (await app.request('aurelia-observer', 'GET', `${d}/commitments?status=committed`)).json() as { items: { status: string }[] };
      // The recorded status is committed; past its due date it reads as overdue.
      expect(committed.items.every((c) => c.status === 'committed' || c.status === 'overdue')).toBe(true);
      expect(committed.items.some((c) => c.status === 'committed')).toBe(true);
    } finally {
      await app.close();
    }
  });
});
