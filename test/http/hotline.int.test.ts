// The hotline over HTTP, in simulated time, on both engines: terms agreed and in force, a
// call placed, receipted at once, escalated along the called party's private ladder,
// acknowledged, answered and closed, with each party's local times; link tests and their
// availability; the ladder and its steps never reach the other party.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TERMS } from '../../src/domain/index.js';
import { ManualClock } from '../../src/node/index.js';
import type { DialogueId } from '../../src/record/index.js';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';

const d = `/api/v1/dialogues/${DIALOGUE}`;
const START = new Date('2026-10-01T12:00:00.000Z');
const minutes = (n: number) => n * 60_000;

describe.each(['sqlite', 'postgres'] as const)('hotline over HTTP on %s', (engine) => {
  let t: TestApp;
  const clock = new ManualClock(START);
  const at = async (ms: number) => { clock.set(new Date(START.getTime() + ms)); return t.ctx.scheduler.runDue(); };
  beforeAll(async () => { t = await startTestApp({ engine, clock }); });
  afterAll(async () => { await t.close(); });

  it('agrees terms: proposed by one principal, accepted by the other, then in force instead of the earlier ones', async () => {
    // The demo dialogue already agreed terms of its own (routine calls within 12 hours).
    const before = (await t.request('aurelia-duty', 'GET', `${d}/terms/in-force`)).json() as { isDefault: boolean; id: string };
    expect(before).toMatchObject({ isDefault: false, terms: { ackDeadlineSeconds: { routine: 43_200 } } });
    const terms = { ...DEFAULT_TERMS, ackDeadlineSeconds: { ...DEFAULT_TERMS.ackDeadlineSeconds, flash: 300 } };
    const proposed = await t.request('aurelia-principal', 'POST', `${d}/terms`, { terms });
    expect(proposed.statusCode).toBe(201);
    const id = (proposed.json() as { id: string }).id;
    const bad = await t.request('aurelia-principal', 'POST', `${d}/terms`, { terms: { ...terms, linkTestAnswerSeconds: 7200 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'link_test_answer_too_long', errors: [{ field: 'terms.linkTestAnswerSeconds' }] });
    expect((await t.request('aurelia-principal', 'GET', `${d}/terms/in-force`)).json()).toMatchObject({ id: before.id });
    const accepted = await t.request('boreas-principal', 'POST', `${d}/terms/${id}/accept`, { proposal: id });
    expect(accepted.json()).toMatchObject({ status: 'agreed', localTimes: { agreedAt: { aurelia: expect.stringMatching(/-04:00$/), boreas: expect.stringMatching(/\+08:00$/) } } });
    expect((await t.request('boreas-observer', 'GET', `${d}/terms/in-force`)).json()).toMatchObject({ isDefault: false, id, terms: { ackDeadlineSeconds: { flash: 300 } } });
  });

  it('places a flash call that is receipted at once, escalates on the called side’s private ladder, and is acknowledged, answered and closed', async () => {
    const ladder = await t.request('boreas-admin', 'PUT', `${d}/escalation-ladder`, {
      rungs: [
        { name: 'duty supervisor', members: ['boreas-delegate'], deadlineSeconds: 120 },
        { name: 'principals', roles: ['principal'], deadlineSeconds: 600 },
      ],
    });
    expect(ladder.statusCode).toBe(200);
    const foreign = await t.request('boreas-admin', 'PUT', `${d}/escalation-ladder`, { rungs: [{ members: ['aurelia-duty'], deadlineSeconds: 60 }] });
    expect(foreign.json()).toMatchObject({ status: 400, code: 'member_unknown', errors: [{ field: 'rungs[0].members' }] });

    const placed = await t.request('aurelia-duty', 'POST', `${d}/hotline/calls`, { precedence: 'flash', subject: { en: 'Intercept', 'zh-Hans': '拦截' }, message: { en: 'Please call back' } });
    expect(placed.statusCode).toBe(201);
    const call = placed.json() as { id: string; state: Record<string, unknown>; localTimes: Record<string, Record<string, string>> };
    expect(call.state).toMatchObject({ status: 'delivered', from: 'aurelia', to: 'boreas', ackDeadlineSeconds: 300, deliveredAt: START.toISOString(), ackDueAt: '2026-10-01T12:05:00.000Z' });
    // The same call is dated differently in two capitals.
    expect(call.localTimes.placedAt).toEqual({ aurelia: '2026-10-01T08:00:00.000-04:00', boreas: '2026-10-01T20:00:00.000+08:00' });

    expect(await at(minutes(5))).toBe(1);
    expect(await at(minutes(7))).toBe(1);
    const read = (await t.request('aurelia-observer', 'GET', `${d}/hotline/calls/${call.id}`)).json() as { state: { escalations: unknown[]; escalationLevel: number } };
    expect(read.state.escalationLevel).toBe(2);

    const steps = (await t.request('boreas-duty', 'GET', `${d}/hotline/escalations?call=${call.id}`)).json() as { items: Array<{ level: number; paged: string[] }> };
    expect(steps.items.map((s) => [s.level, s.paged])).toEqual([[1, ['boreas-delegate']], [2, ['boreas-principal']]]);
    // Aurelia sees neither Boreas's ladder nor its steps.
    const aureliaSteps = (await t.request('aurelia-duty', 'GET', `${d}/hotline/escalations?call=${call.id}`)).json() as { items: unknown[] };
    expect(aureliaSteps.items).toEqual([]);
    const aureliaLadder = (await t.request('aurelia-admin', 'GET', `${d}/escalation-ladder`)).json();
    expect(aureliaLadder).toMatchObject({ party: 'aurelia', isDefault: true });
    expect((await t.request('aurelia-duty', 'GET', `${d}/escalation-ladder`)).statusCode).toBe(403);

    clock.set(new Date(START.getTime() + minutes(8)));
    expect((await t.request('aurelia-duty', 'POST', `${d}/hotline/calls/${call.id}/acknowledge`, {})).json()).toMatchObject({ code: 'not_recipient', status: 403 });
    const acked = await t.request('boreas-duty', 'POST', `${d}/hotline/calls/${call.id}/acknowledge`, {});
    expect(acked.json()).toMatchObject({ status: 'acknowledged', state: { acknowledgedBy: 'boreas-duty', ackLatencyMs: minutes(8), isAckLate: true } });
    expect(await at(minutes(60))).toBe(0);
    const answered = await t.request('boreas-principal', 'POST', `${d}/hotline/calls/${call.id}/answer`, { message: { en: 'Understood', 'zh-Hans': '明白' } });
    expect(answered.json()).toMatchObject({ status: 'answered' });
    const closed = await t.request('aurelia-duty', 'POST', `${d}/hotline/calls/${call.id}/close`, { outcome: 'resolved' });
    expect(closed.json()).toMatchObject({ status: 'closed', state: { closed: { party: 'aurelia', outcome: 'resolved' } } });
    const list = (await t.request('boreas-observer', 'GET', `${d}/hotline/calls?status=closed`)).json() as { items: Array<{ id: string }> };
    expect(list.items.map((c) => c.id)).toContain(call.id);

    // Nothing of the ladder is in the shared record that Aurelia can export.
    const transcript = (await t.request('aurelia-observer', 'GET', `${d}/record/transcript`)).body;
    const escalated = (JSON.parse(transcript) as { events: Array<{ type: string; body: { target: string } }> }).events
      .filter((e) => e.type === 'hotline_call.escalated' && e.body.target === call.id);
    expect(escalated.map((e) => e.body)).toEqual([
      { target: call.id, level: 1, dueAt: '2026-10-01T12:05:00.000Z' },
      { target: call.id, level: 2, dueAt: '2026-10-01T12:07:00.000Z' },
    ]);
    expect(transcript).not.toContain('duty supervisor');
    expect(transcript).not.toContain('paged');
  });

  it('tests the link hourly, alternating, and reports availability per direction across a gap', async () => {
    const base = minutes(120);
    clock.set(new Date(START.getTime() + base));
    const opened = await t.request('boreas-duty', 'POST', `${d}/hotline/links`, {});
    expect(opened.statusCode).toBe(201);
    expect((await t.request('aurelia-duty', 'POST', `${d}/hotline/links`, {})).json()).toMatchObject({ status: 409, code: 'link_already_open' });
    for (let hour = 0; hour < 4; hour++) await at(base + hour * minutes(60));
    // The node is down for three hours: slots 4, 5 and 6 are recorded missed when it is back;
    // slot 7 is still within its answer time. Boreas opened, so it sends the even slots.
    await at(base + 7 * minutes(60) + minutes(1));
    const availability = (await t.request('aurelia-observer', 'GET', `${d}/hotline/availability`)).json() as { windows: Array<{ days: number; directions: unknown[] }> };
    expect(availability.windows.map((w) => w.days)).toEqual([7, 30, 90]);
    expect(availability.windows[0]!.directions).toEqual([
      { from: 'aurelia', to: 'boreas', scheduled: 4, answered: 3, missed: 1, availability: 0.75 },
      { from: 'boreas', to: 'aurelia', scheduled: 4, answered: 2, missed: 2, availability: 0.5 },
    ]);
    expect(await t.logSize()).toBe((await t.ctx.store.log(DIALOGUE as DialogueId)).size);
  });
});
