// The authorization matrix for the crisis channels: terms, hotline calls, link tests,
// availability, and each party's private escalation ladder and steps — every endpoint ×
// every member of both parties (every role) × a member of a third party × logged out.
// Then: a party's ladder and escalation steps never reach the other party.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TERMS } from '../../src/domain/index.js';
import { ManualClock } from '../../src/node/index.js';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';
import { runMatrix, type Route } from './matrix.js';

let t: TestApp;
let terms = '';
let call = '';
let link = '';
const d = `/api/v1/dialogues/${DIALOGUE}`;
const START = new Date('2026-10-01T00:00:00.000Z');
const clock = new ManualClock(START);
const id = async (r: Promise<{ json(): unknown }>) => ((await r).json() as { id: string }).id;
const callBody = { precedence: 'immediate', subject: { en: 's' }, message: { en: 'm' } };

beforeAll(async () => {
  t = await startTestApp({ clock });
  terms = await id(t.request('aurelia-principal', 'POST', `${d}/terms`, { terms: DEFAULT_TERMS }));
  call = await id(t.request('aurelia-duty', 'POST', `${d}/hotline/calls`, callBody));
  link = await id(t.request('aurelia-duty', 'POST', `${d}/hotline/links`, {}));
});
afterAll(async () => { await t.close(); });

const ladder = { rungs: [{ name: 'Boreas night watch', members: ['boreas-delegate'], deadlineSeconds: 60 }, { roles: ['principal'], deadlineSeconds: 60 }] };

const ROUTES: Route[] = [
  { method: 'GET', url: () => `${d}/terms`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/terms/${terms}`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/terms/in-force`, access: 'dialogue_read' },
  { method: 'POST', url: () => `${d}/terms`, body: () => ({ terms: DEFAULT_TERMS }), access: { action: 'terms.propose' } },
  { method: 'POST', url: () => `${d}/terms/${terms}/reject`, body: () => ({ proposal: terms }), access: { action: 'terms.agree' } },
  { method: 'POST', url: () => `${d}/terms/${terms}/accept`, body: () => ({ proposal: terms }), access: { action: 'terms.agree' } },
  { method: 'POST', url: () => `${d}/terms/${terms}/withdraw`, body: () => ({}), access: { action: 'terms.propose', party: 'aurelia' } },
  { method: 'GET', url: () => `${d}/hotline/calls`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/hotline/calls/${call}`, access: 'dialogue_read' },
  { method: 'POST', url: () => `${d}/hotline/calls`, body: () => callBody, access: { action: 'hotline.call' } },
  { method: 'POST', url: () => `${d}/hotline/calls/${call}/acknowledge`, body: () => ({}), access: { action: 'hotline.acknowledge', party: 'boreas' } },
  { method: 'POST', url: () => `${d}/hotline/calls/${call}/answer`, body: () => ({ message: { en: 'a' } }), access: { action: 'hotline.answer', party: 'boreas' } },
  { method: 'POST', url: () => `${d}/hotline/calls/${call}/close`, body: () => ({ outcome: 'resolved' }), access: { action: 'hotline.close' } },
  { method: 'GET', url: () => `${d}/hotline/links`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/hotline/links/${link}`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/hotline/availability`, access: 'dialogue_read' },
  { method: 'POST', url: () => `${d}/hotline/links/${link}/close`, body: () => ({}), access: { action: 'hotline.link' } },
  { method: 'POST', url: () => `${d}/hotline/links`, body: () => ({}), access: { action: 'hotline.link' } },
  { method: 'GET', url: () => `${d}/escalation-ladder`, access: { action: 'hotline.ladder' } },
  { method: 'PUT', url: () => `${d}/escalation-ladder`, body: () => ({ rungs: [{ roles: ['principal'], deadlineSeconds: 600 }] }), access: { action: 'hotline.ladder' } },
  { method: 'GET', url: () => `${d}/hotline/escalations`, access: { action: 'hotline.escalations' } },
];

describe('authorization matrix: terms and hotline', () => {
  it('every endpoint answers every member, role and party as the policy says', async () => {
    const { failures, checked, actors } = await runMatrix(t, ROUTES, { followUpTypes: ['hotline_call.delivered'] });
    expect(failures).toEqual([]);
    expect(checked).toBe(ROUTES.length * actors);
  });

  it("a party's escalation ladder and steps never reach the other party, in any response or transcript", async () => {
    expect((await t.request('boreas-admin', 'PUT', `${d}/escalation-ladder`, ladder)).statusCode).toBe(200);
    const late = await id(t.request('aurelia-duty', 'POST', `${d}/hotline/calls`, { ...callBody, precedence: 'flash' }));
    clock.set(new Date(START.getTime() + 11 * 60_000));
    expect(await t.ctx.scheduler.runDue()).toBeGreaterThanOrEqual(1);
    clock.set(new Date(START.getTime() + 12 * 60_000));
    await t.ctx.scheduler.runDue();
    const own = await t.request('boreas-duty', 'GET', `${d}/hotline/escalations?call=${late}`);
    expect(own.body).toContain('Boreas night watch');
    expect((await t.request('boreas-admin', 'GET', `${d}/escalation-ladder`)).body).toContain('Boreas night watch');

    const reads = [
      `${d}/escalation-ladder`, `${d}/hotline/escalations`, `${d}/hotline/escalations?call=${late}`, `${d}/hotline/calls`,
      `${d}/hotline/calls/${late}`, `${d}/record/transcript`, `${d}/record/events`, `${d}/hotline/availability`,
    ];
    for (const outsider of ['aurelia-principal', 'aurelia-duty', 'aurelia-admin', 'aurelia-observer', 'cygnus-admin']) {
      for (const url of reads) {
        const response = await t.request(outsider, 'GET', url);
        expect(response.body, `${outsider} ${url}`).not.toContain('night watch');
        expect(response.body, `${outsider} ${url}`).not.toContain('"paged"');
      }
      // Their own ladder, never Boreas's.
      const theirs = await t.request(outsider, 'GET', `${d}/escalation-ladder`);
      if (theirs.statusCode === 200) expect(theirs.json()).toMatchObject({ party: 'aurelia' });
      else expect([403, 404]).toContain(theirs.statusCode);
    }
    // What the shared record does say: the levels reached, when, by Boreas's node.
    const calls = (await t.request('aurelia-observer', 'GET', `${d}/hotline/calls/${late}`)).json() as { state: { escalationLevel: number } };
    expect(calls.state.escalationLevel).toBe(2);
  });
});
