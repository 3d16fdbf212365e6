// The floor dashboard endpoint on the demo scenario, at a fixed simulated time: what it
// counts (groups, outcomes per meeting, commitments, hotline, notices, incidents), the floor
// rules it judges, its OpenAPI entry, and its authorization matrix (dialogue members only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/node/index.js';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';
import { runMatrix } from './matrix.js';

let t: TestApp;
const d = `/api/v1/dialogues/${DIALOGUE}`;
/** A week after the demo's last step (the hotline link closed on 2026-11-23). */
const NOW = new Date('2026-11-30T00:00:00.000Z');

beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(NOW) });
});
afterAll(async () => { await t.close(); });

describe('GET /dialogues/:id/floor on the demo', () => {
  it('counts the channels and dates their last contact: both active groups silent for more than 60 days breach the floor', async () => {
    const floor = (await t.request('boreas-observer', 'GET', `${d}/floor`)).json();
    expect(floor.at).toBe(NOW.toISOString());
    expect(floor.channels.counts).toEqual({ active: 2, suspended: 0, proposed: 1, closed: 0 });
    const byTitle = Object.fromEntries(floor.channels.groups.map((g: { title: { en: string } }) => [g.title.en, g]));
    // Maritime last met on 15 September; Asia-Pacific was last resumed on 14 August.
    expect(byTitle['Maritime issues']).toMatchObject({ status: 'active', isProtected: true, daysSinceContact: 75 });
    expect(byTitle['Asia-Pacific regional issues']).toMatchObject({ status: 'active', daysSinceContact: 107 });
    const silent = floor.rules.find((r: { rule: string }) => r.rule === 'silent_group');
    expect(silent).toMatchObject({ status: 'breached', threshold: 60 });
    expect(silent.alerts.map((a: { value: number }) => a.value).sort()).toEqual([107, 75]);
  });

  it('counts outcomes per meeting, goals achieved and commitments by state', async () => {
    const floor = (await t.request('aurelia-principal', 'GET', `${d}/floor`)).json();
    // Items: achieved by both; partly by both; achieved vs partly (disputed).
    expect(floor.outcomes.meetings).toHaveLength(1);
    expect(floor.outcomes.meetings[0]).toMatchObject({ status: 'concluded', items: 3, commitments: 2, outcomes: { achieved: 1, partly: 1, disputed: 1 } });
    expect(floor.outcomes.goals).toMatchObject({ total: 3, achieved: 1, achievedPercent: 33.3 });
    expect(floor.outcomes.commitments).toMatchObject({
      byStatus: { proposed: 1, committed: 1, overdue: 1, delivered: 1, confirmed: 1, disputed: 1, withdrawn: 1 },
      delivered: 3, deliveredOnTime: 3, confirmed: 1, disputed: 1, overdue: 1,
    });
  });

  it('measures the hotline per party, counts the late launch notice and the incident, and judges the flash call and the link', async () => {
    const floor = (await t.request('aurelia-duty', 'GET', `${d}/floor`)).json();
    // The flash call to Boreas was acknowledged after 14 minutes (deadline 10); Aurelia answered the priority call in 35.
    expect(floor.hotline.parties).toEqual([
      { party: 'aurelia', received: 1, acknowledged: 1, ackMedianSeconds: 2100, ackP90Seconds: 2100, unansweredPastDeadline: 0 },
      { party: 'boreas', received: 1, acknowledged: 1, ackMedianSeconds: 840, ackP90Seconds: 840, unansweredPastDeadline: 1 },
    ]);
    const rules = Object.fromEntries(floor.rules.map((r: { rule: string }) => [r.rule, r]));
    expect(rules.flash_unanswered).toMatchObject({ status: 'met', alerts: [{ isActive: false, value: 840, threshold: 600 }] });
    // One link test was missed during a node outage: 6 of 7 Aurelia → Boreas tests answered.
    expect(rules.link_availability).toMatchObject({ status: 'breached', alerts: [{ subject: 'aurelia→boreas', value: 85.7 }] });
    expect(rules.protected_suspended).toMatchObject({ status: 'met', alerts: [] });
    expect(floor.notices).toEqual([
      { party: 'aurelia', type: 'maritime_activity', onTime: 1, late: 0, voluntary: 0 },
      { party: 'boreas', type: 'missile_launch', onTime: 0, late: 1, voluntary: 0 },
    ]);
    expect(floor.incidents).toEqual([{ month: '2026-10', domain: 'sea', count: 1 }]);
    expect(floor.timeline.map((e: { type: string }) => e.type)).toEqual(['context', 'context', 'suspended', 'resumed', 'meeting', 'context', 'incident']);
    expect(floor.ruleSettings).toMatchObject({ silentGroupMaxDays: 60, linkAvailabilityMinPercent: 99 });
  });

  it('applies floor rules the parties agreed in their terms', async () => {
    const inForce = (await t.request('aurelia-principal', 'GET', `${d}/terms/in-force`)).json();
    const terms = { ...inForce.terms, floor: { silentGroupMaxDays: 120, linkAvailabilityMinPercent: 80 } };
    const proposed = await t.request('aurelia-principal', 'POST', `${d}/terms`, { terms });
    expect(proposed.statusCode).toBe(201);
    const id = proposed.json().id as string;
    expect((await t.request('boreas-principal', 'POST', `${d}/terms/${id}/accept`, { proposal: id })).statusCode).toBe(200);
    const floor = (await t.request('boreas-observer', 'GET', `${d}/floor`)).json();
    expect(floor.ruleSettings).toMatchObject({ silentGroupMaxDays: 120, linkAvailabilityMinPercent: 80, flashUnansweredMaxSeconds: 600 });
    const rules = Object.fromEntries(floor.rules.map((r: { rule: string }) => [r.rule, r]));
    expect(rules.silent_group).toMatchObject({ status: 'met', threshold: 120 });
    expect(rules.link_availability).toMatchObject({ status: 'met', threshold: 80 });
  });

  it('refuses an out-of-range floor rule in proposed terms, naming the field; nothing is recorded', async () => {
    const inForce = (await t.request('aurelia-principal', 'GET', `${d}/terms/in-force`)).json();
    const before = await t.logSize();
    const response = await t.request('aurelia-principal', 'POST', `${d}/terms`, { terms: { ...inForce.terms, floor: { silentGroupMaxDays: 0 } } });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json())).toContain('silentGroupMaxDays');
    expect(await t.logSize()).toBe(before);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, { get?: { responses: Record<string, unknown> } }> };
    expect(doc.paths['/api/v1/dialogues/{dialogue}/floor']?.get?.responses['200']).toBeDefined();
  });
});

describe('floor authorization', () => {
  it('is readable by every member of both parties only', async () => {
    const { failures, checked } = await runMatrix(t, [{ method: 'GET', url: () => `${d}/floor`, access: 'dialogue_read' }]);
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });
});
