// The authorization matrix for the crisis channels' endpoints — requests to talk, queries,
// notices and their compliance, assurances, incident reports and putting an incident on an agenda — every route × every member of both parties (every role) ×
// a member of a third party outside the dialogue × logged out (test/http/matrix.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';
import { runMatrix, type Route } from './matrix.js';

let t: TestApp;
let group = '';
let talkRequest = '';
let query = '';
let notice = '';
let assurance = '';
let incident = '';
let meeting = '';
const d = `/api/v1/dialogues/${DIALOGUE}`;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const talk = () => ({ format: 'call', from: [{ name: 'A', title: { en: 'Minister' } }], to: [{ name: 'B', title: { en: 'Minister' } }], proposedTimes: [inDays(5)], subject: { en: 'Talk' } });
const ask = () => ({ subject: { en: 'Activity' }, description: { en: 'Explain' }, workingGroup: group });
const area = { shape: 'circle', centre: { lat: 300_000_000, lon: 1_200_000_000 }, radius: 20_000 };
const exercise = () => ({ noticeType: 'military_exercise', window: { start: inDays(60), end: inDays(65) }, area, forces: { personnel: 10_000 }, description: { en: 'Exercise' } });
const account = () => ({ time: inDays(-1), position: { lat: 1, lon: 2 }, domain: 'sea', units: [{ party: 'aurelia', name: 'Ship' }], cpaMetres: 100, narrative: { en: 'Close pass' } });
const id = async (r: Promise<{ json(): unknown }>) => ((await r).json() as { id: string }).id;

beforeAll(async () => {
  t = await startTestApp();
  const groups = (await t.request('aurelia-observer', 'GET', `${d}/working-groups?status=active`)).json() as { items: { id: string }[] };
  group = groups.items[0]!.id;
  talkRequest = await id(t.request('aurelia-delegate', 'POST', `${d}/talk-requests`, talk()));
  query = await id(t.request('aurelia-delegate', 'POST', `${d}/queries`, ask()));
  notice = await id(t.request('aurelia-delegate', 'POST', `${d}/notices`, exercise()));
  assurance = await id(t.request('aurelia-delegate', 'POST', `${d}/assurances`, { statement: { en: 'Not directed at anyone' }, notice }));
  incident = await id(t.request('aurelia-duty', 'POST', `${d}/incidents`, account()));
  meeting = await id(t.request('aurelia-delegate', 'POST', `${d}/meetings`, { workingGroup: group, start: inDays(30), end: inDays(31), format: 'video' }));
});
afterAll(async () => { await t.close(); });

const ROUTES: Route[] = [
  { method: 'GET', url: () => `${d}/talk-requests`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/talk-requests/${talkRequest}`, access: 'dialogue_read' },
  { method: 'POST', url: () => `${d}/talk-requests`, body: talk, access: { action: 'talk_request.request' } },
  { method: 'POST', url: () => `${d}/talk-requests/${talkRequest}/decline`, body: () => ({ reason: 'no' }), access: { action: 'talk_request.respond' } },
  { method: 'POST', url: () => `${d}/talk-requests/${talkRequest}/accept`, body: () => ({ time: talk().proposedTimes[0] }), access: { action: 'talk_request.respond' } },
  { method: 'POST', url: () => `${d}/talk-requests/${talkRequest}/withdraw`, body: () => ({}), access: { action: 'talk_request.request' } },
  { method: 'GET', url: () => `${d}/queries`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/queries/${query}`, access: 'dialogue_read' },
  { method: 'POST', url: () => `${d}/queries`, body: ask, access: { action: 'query.ask' } },
  { method: 'POST', url: () => `${d}/queries/${query}/answer`, body: () => ({ text: { en: 'Because' } }), access: { action: 'query.answer' } },
  { method: 'POST', url: () => `${d}/queries/${query}/withdraw`, body: () => ({}), access: { action: 'query.ask' } },
  { method: 'GET', url: () => `${d}/notices`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/notices/${notice}`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/notices/compliance`, access: 'dialogue_read' },
  { method: 'POST', url: () => `${d}/notices`, body: exercise, access: { action: 'notice.give' } },
  { method: 'POST', url: () => `${d}/notices/${notice}/acknowledge`, body: () => ({ version: notice }), access: { action: 'notice.acknowledge' } },
  { method: 'POST', url: () => `${d}/notices/${notice}/amend`, body: () => ({ ...exercise(), forces: { personnel: 11_000 } }), access: { action: 'notice.give' } },
  { method: 'POST', url: () => `${d}/notices/${notice}/cancel`, body: () => ({}), access: { action: 'notice.give' } },
  { method: 'GET', url: () => `${d}/assurances`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/assurances/${assurance}`, access: 'dialogue_read' },
  { method: 'POST', url: () => `${d}/assurances`, body: () => ({ statement: { en: 'We mean no harm' } }), access: { action: 'assurance.give' } },
  { method: 'POST', url: () => `${d}/assurances/${assurance}/acknowledge`, body: () => ({}), access: { action: 'assurance.acknowledge' } },
  { method: 'POST', url: () => `${d}/assurances/${assurance}/withdraw`, body: () => ({}), access: { action: 'assurance.give' } },
  { method: 'GET', url: () => `${d}/incidents`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/incidents/${incident}`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/incidents/summary`, access: 'dialogue_read' },
  { method: 'POST', url: () => `${d}/incidents`, body: account, access: { action: 'incident.report' } },
  { method: 'POST', url: () => `${d}/incidents/${incident}/accounts`, body: () => ({ ...account(), cpaMetres: 300 }), access: { action: 'incident.report' } },
  { method: 'POST', url: () => `${d}/incidents/${incident}/accounts/revise`, body: () => ({ ...account(), cpaMetres: 50 }), access: { action: 'incident.report' } },
  { method: 'POST', url: () => `${d}/meetings/${meeting}/agenda`, body: () => ({ items: [{ goal: { en: 'Review the incident' }, incident }] }), access: { action: 'agenda.propose' } },
];

describe('authorization matrix: crisis channels', () => {
  it('every endpoint answers every member, role and party as the policy says', async () => {
    const { failures, checked, actors } = await runMatrix(t, ROUTES);
    expect(failures).toEqual([]);
    expect(checked).toBe(ROUTES.length * actors);
  });

  it('answers come only from the other party; the asker alone withdraws; the giver alone amends', async () => {
    const request = await id(t.request('boreas-delegate', 'POST', `${d}/talk-requests`, talk()));
    expect((await t.request('boreas-principal', 'POST', `${d}/talk-requests/${request}/decline`, {})).json()).toMatchObject({ code: 'own_request' });
    expect((await t.request('aurelia-delegate', 'POST', `${d}/talk-requests/${request}/withdraw`, {})).json()).toMatchObject({ code: 'not_requester' });
    const given = await id(t.request('boreas-principal', 'POST', `${d}/notices`, exercise()));
    expect((await t.request('aurelia-principal', 'POST', `${d}/notices/${given}/amend`, { ...exercise(), forces: { personnel: 20_000 } })).json()).toMatchObject({ code: 'not_giver' });
    expect((await t.request('boreas-duty', 'POST', `${d}/notices/${given}/acknowledge`, { version: given })).json()).toMatchObject({ code: 'own_notice' });
    const reported = await id(t.request('boreas-duty', 'POST', `${d}/incidents`, account()));
    expect((await t.request('aurelia-duty', 'POST', `${d}/incidents/${reported}/accounts/revise`, { ...account(), cpaMetres: 1 })).json()).toMatchObject({ code: 'no_account' });
    const state = (await t.request('aurelia-observer', 'GET', `${d}/incidents/${reported}`)).json() as { state: { accounts: Record<string, unknown> } };
    expect(Object.keys(state.state.accounts)).toEqual(['boreas']);
  });
});
