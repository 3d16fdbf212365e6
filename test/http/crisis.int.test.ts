// The crisis channels end to end over HTTP: requests to talk (accepted, declined, withdrawn),
// queries (answered; unanswered → escalated to a proposed working-group meeting, in simulated
// time), notices (on time, late, voluntary; acknowledged, amended, cancelled) with lead-time
// compliance — then the rebuilt projections equal the live ones and the record verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/node/index.js';
import { verifyTranscript, type DialogueId } from '../../src/record/index.js';
import { DIALOGUE, password, startTestApp, type TestApp } from './harness.js';
import { dumpProjections } from './projections.js';

const d = `/api/v1/dialogues/${DIALOGUE}`;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
type Item<S = Record<string, unknown>> = { id: string; status: string; version: number; state: S };

/**
 * `ok(member, …)` expects `status` and returns the body. With `freshSessions`, each request
 * logs in anew: in simulated time the sessions of the harness expire as the clock moves on.
 */
function client(get: () => TestApp, options: { freshSessions?: boolean } = {}) {
  async function send(member: string, method: string, url: string, body?: unknown) {
    const t = get();
    if (!options.freshSessions) return t.request(member, method, url, body);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { member, password: password(member) } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    return t.app.inject({ method: method as 'GET', url, headers: { cookie }, ...(body !== undefined ? { payload: body as object } : {}) });
  }
  return async function ok<T = Item>(member: string, method: string, url: string, body?: unknown, status = 200): Promise<T> {
    const response = await send(member, method, url, body);
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
    return response.json() as T;
  };
}

async function activeGroup(ok: ReturnType<typeof client>): Promise<string> {
  const groups = await ok<{ items: { id: string }[] }>('aurelia-observer', 'GET', `${d}/working-groups?status=active`);
  return groups.items[0]!.id;
}

const at = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const from = [{ name: 'Gen. A. Varga', title: { en: 'Chief of Defence Staff' } }];
const to = [{ name: 'Adm. B. Holm', title: { en: 'Chief of Naval Operations' } }];
const polygon = { shape: 'polygon', points: [{ lat: 300_000_000, lon: 1_200_000_000 }, { lat: 310_000_000, lon: 1_200_000_000 }, { lat: 310_000_000, lon: 1_210_000_000 }] };

describe.each(['sqlite', 'postgres'] as const)('crisis channels on %s', (engine) => {
  let t: TestApp;
  const ok = client(() => t);
  beforeAll(async () => { t = await startTestApp({ engine }); });
  afterAll(async () => { await t.close(); });

  it('requests to talk are accepted, declined or withdrawn, all on the record', async () => {
    const now = Date.now();
    const times = [at(now + DAY), at(now + 2 * DAY)];
    const request = { format: 'call', from, to, proposedTimes: times, subject: { en: 'Unsafe intercept on 12 May', 'zh-Hans': '5月12日的不安全拦截' } };
    const r1 = await ok<Item<{ deadline: string; responseSeconds: number }>>('aurelia-delegate', 'POST', `${d}/talk-requests`, request, 201);
    expect(r1).toMatchObject({ status: 'pending', state: { responseSeconds: 172_800 } });
    expect(Date.parse(r1.state.deadline) - now).toBeGreaterThanOrEqual(2 * DAY - 5000);
    expect((await t.request('aurelia-duty', 'POST', `${d}/talk-requests`, request)).statusCode).toBe(403);
    const bad = await t.request('aurelia-delegate', 'POST', `${d}/talk-requests`, { ...request, proposedTimes: ['2020-01-01T00:00:00Z'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'time_in_past', errors: [{ field: 'proposedTimes[0]' }] });

    expect((await t.request('boreas-delegate', 'POST', `${d}/talk-requests/${r1.id}/accept`, { time: at(now + 3 * DAY) })).json()).toMatchObject({ code: 'time_not_proposed' });
    expect((await t.request('aurelia-principal', 'POST', `${d}/talk-requests/${r1.id}/accept`, { time: times[0] })).json()).toMatchObject({ code: 'own_request' });
    const accepted = await ok('boreas-principal', 'POST', `${d}/talk-requests/${r1.id}/accept`, { time: times[1] });
    expect(accepted).toMatchObject({ status: 'accepted', state: { response: { party: 'boreas', time: times[1], isLate: false } } });

    const r2 = await ok('boreas-delegate', 'POST', `${d}/talk-requests`, { ...request, format: 'meeting' }, 201);
    const declined = await ok('aurelia-delegate', 'POST', `${d}/talk-requests/${r2.id}/decline`, { reason: 'Not while the incident is under review' });
    expect(declined).toMatchObject({ status: 'declined', state: { response: { party: 'aurelia', reason: 'Not while the incident is under review' } } });
    const r3 = await ok('boreas-delegate', 'POST', `${d}/talk-requests`, request, 201);
    expect((await t.request('aurelia-delegate', 'POST', `${d}/talk-requests/${r3.id}/withdraw`, {})).json()).toMatchObject({ code: 'not_requester' });
    await ok('boreas-delegate', 'POST', `${d}/talk-requests/${r3.id}/withdraw`, {});

    const declinedList = await ok<{ items: Item[] }>('boreas-observer', 'GET', `${d}/talk-requests?status=declined`);
    expect(declinedList.items.map((i) => i.id)).toContain(r2.id);
    expect(declinedList.items.map((i) => i.id)).not.toContain(r1.id);
  });

  it('a query is answered by the other party, with the period of the terms in force', async () => {
    const group = await activeGroup(ok);
    const ask = { subject: { en: 'Submarine activity near Cape Lind' }, description: { en: 'Please explain the deployment reported on 3 May.' }, workingGroup: group,
      area: { shape: 'circle', centre: { lat: 153_000_000, lon: 1_175_000_000 }, radius: 40_000 } };
    const query = await ok<Item<{ answerSeconds: number }>>('aurelia-duty', 'POST', `${d}/queries`, ask, 201);
    expect(query).toMatchObject({ status: 'open', parent: group, state: { answerSeconds: 172_800 } });
    expect((await t.request('aurelia-duty', 'POST', `${d}/queries`, { ...ask, workingGroup: 'no-such-group' })).json()).toMatchObject({ code: 'working_group_not_found' });
    const float = await t.request('aurelia-duty', 'POST', `${d}/queries`, { ...ask, area: { ...ask.area, radius: 1.5 } });
    expect(float.statusCode).toBe(400);
    expect((await t.request('aurelia-duty', 'POST', `${d}/queries/${query.id}/answer`, { text: { en: 'x' } })).json()).toMatchObject({ code: 'own_query' });
    const answered = await ok('boreas-duty', 'POST', `${d}/queries/${query.id}/answer`, { text: { en: 'A scheduled transit.', 'zh-Hans': '例行过境。' } });
    expect(answered).toMatchObject({ status: 'answered', state: { answer: { party: 'boreas', isLate: false } } });
  });

  it('notices: lead time on the record, late at or above the threshold, acknowledged per version, compliance per party and type', async () => {
    const now = Date.now();
    const window = (startIn: number) => ({ start: at(now + startIn), end: at(now + startIn + 5 * DAY) });
    const exercise = { noticeType: 'military_exercise', window: window(60 * DAY), area: polygon, forces: { personnel: 12_000, units: ['1st Mechanised Division'] }, description: { en: 'Exercise STEADFAST' } };
    const onTime = await ok<Item<{ isLate: boolean; isRequired: boolean; lead: { seconds: number; deadline: string } }>>('aurelia-delegate', 'POST', `${d}/notices`, exercise, 201);
    expect(onTime).toMatchObject({ status: 'given', state: { isLate: false, isRequired: true, lead: { seconds: 42 * 86_400, threshold: { field: 'personnel', min: 9000 } } } });
    // Stored in UTC, shown in each capital's time too (Aurelia: America/New_York, Boreas: Asia/Shanghai).
    const { localTimes } = onTime as unknown as { localTimes: Record<string, Record<string, string>> };
    expect(Date.parse(localTimes.start!.boreas!)).toBe(Date.parse(exercise.window.start));
    expect(localTimes.start!.boreas).toMatch(/\+08:00$/);
    expect(localTimes.start!.aurelia).toMatch(/-0[45]:00$/);
    const late = await ok('aurelia-delegate', 'POST', `${d}/notices`, { ...exercise, window: window(10 * DAY) }, 201);
    expect(late).toMatchObject({ state: { isLate: true } });
    const voluntary = await ok('aurelia-delegate', 'POST', `${d}/notices`, { ...exercise, window: window(DAY), forces: { personnel: 3000 } }, 201);
    expect(voluntary).toMatchObject({ state: { isLate: false, isRequired: false } });
    const launch = { noticeType: 'missile_launch', window: window(12 * HOUR), description: { en: 'Test launch' }, vehicleType: 'Medium-range ballistic missile',
      launchArea: { shape: 'circle', centre: { lat: 400_000_000, lon: 1_000_000_000 }, radius: 5000 } };
    const missing = await t.request('boreas-principal', 'POST', `${d}/notices`, launch);
    expect(missing.json()).toMatchObject({ code: 'area_missing', errors: [{ field: 'impactArea' }] });
    await ok('boreas-principal', 'POST', `${d}/notices`, { ...launch, impactArea: { shape: 'circle', centre: { lat: 200_000_000, lon: 1_300_000_000 }, radius: 80_000 } }, 201);
    expect((await t.request('aurelia-duty', 'POST', `${d}/notices`, exercise)).statusCode).toBe(403);

    // Acknowledged by Boreas's duty officer; an amendment needs a fresh acknowledgement.
    expect((await t.request('aurelia-duty', 'POST', `${d}/notices/${onTime.id}/acknowledge`, { version: onTime.id })).json()).toMatchObject({ code: 'own_notice' });
    expect(await ok('boreas-duty', 'POST', `${d}/notices/${onTime.id}/acknowledge`, { version: onTime.id })).toMatchObject({ status: 'acknowledged' });
    const amended = await ok<Item<{ version: string; isLate: boolean }>>('aurelia-delegate', 'POST', `${d}/notices/${onTime.id}/amend`, { ...exercise, forces: { personnel: 14_000 } });
    expect(amended).toMatchObject({ status: 'given', state: { isLate: false } });
    expect((await t.request('boreas-duty', 'POST', `${d}/notices/${onTime.id}/acknowledge`, { version: onTime.id })).json()).toMatchObject({ code: 'stale_version' });
    await ok('boreas-duty', 'POST', `${d}/notices/${onTime.id}/acknowledge`, { version: amended.state.version });
    // Moving the late exercise's start 50 days later is judged afresh at the amendment's time: on time now.
    const cured = await ok<Item<{ isLate: boolean; versions: { isLate: boolean }[] }>>('aurelia-delegate', 'POST', `${d}/notices/${late.id}/amend`, { ...exercise, window: window(60 * DAY) });
    expect(cured.state).toMatchObject({ isLate: false, versions: [{ isLate: true }, { isLate: false }] });
    await ok('aurelia-delegate', 'POST', `${d}/notices/${voluntary.id}/cancel`, { reason: 'Postponed' });

    const compliance = await ok<{ parties: unknown }>('boreas-observer', 'GET', `${d}/notices/compliance`);
    // The demo dialogue already holds an on-time maritime notice of Aurelia's and a late launch notice of Boreas's.
    expect(compliance.parties).toEqual({
      aurelia: { military_exercise: { onTime: 2, late: 0, voluntary: 1 }, maritime_activity: { onTime: 1, late: 0, voluntary: 0 } },
      boreas: { missile_launch: { onTime: 0, late: 2, voluntary: 0 } },
    });
  });

  it('assurances stand alone or with the giver\'s own notice; the other party acknowledges', async () => {
    const now = Date.now();
    const exercise = { noticeType: 'maritime_activity', window: { start: at(now + 10 * DAY), end: at(now + 11 * DAY) }, area: polygon, forces: { ships: 6 },
      hazard: { en: 'Live gunnery: keep 10 nm clear' }, description: { en: 'Gunnery practice' } };
    const notice = await ok('boreas-delegate', 'POST', `${d}/notices`, exercise, 201);
    const statement = { en: 'This activity is not directed at any party.' };
    expect((await t.request('aurelia-delegate', 'POST', `${d}/assurances`, { statement, notice: notice.id })).json()).toMatchObject({ code: 'not_own_notice' });
    expect((await t.request('aurelia-delegate', 'POST', `${d}/assurances`, { statement, notice: 'no-such-notice' })).json()).toMatchObject({ code: 'notice_not_found', errors: [{ field: 'notice' }] });
    const attached = await ok('boreas-delegate', 'POST', `${d}/assurances`, { statement, notice: notice.id }, 201);
    expect(attached).toMatchObject({ status: 'given', parent: notice.id, party: 'boreas' });
    await ok('aurelia-principal', 'POST', `${d}/assurances`, { statement: { en: 'We will not deploy beyond the 12 nm line.' } }, 201);
    expect(await ok('aurelia-duty', 'POST', `${d}/assurances/${attached.id}/acknowledge`, {})).toMatchObject({ status: 'acknowledged' });
    const ofNotice = await ok<{ items: Item[] }>('aurelia-observer', 'GET', `${d}/assurances?parent=${notice.id}`);
    expect(ofNotice.items.map((i) => i.id)).toEqual([attached.id]);
  });

  it('an incident with both parties\' accounts side by side, on a working group\'s meeting agenda', async () => {
    const account = {
      time: at(Date.now() - 2 * HOUR), position: { lat: 153_120_000, lon: 1_175_560_000 }, domain: 'air',
      units: [{ party: 'aurelia', name: 'Patrol aircraft AP-3', type: 'maritime patrol' }, { party: 'boreas', name: 'Fighter pair B-11' }],
      cpaMetres: 6, narrative: { en: 'The intercepting fighter passed within 6 m of our aircraft.' },
    };
    const incident = await ok<Item>('aurelia-duty', 'POST', `${d}/incidents`, account, 201);
    expect(incident).toMatchObject({ status: 'reported', party: 'aurelia' });
    const theirs = { ...account, cpaMetres: 150, narrative: { en: 'Our fighters kept a safe distance.', 'zh-Hans': '我方战机保持了安全距离。' } };
    expect((await t.request('boreas-delegate', 'POST', `${d}/incidents/${incident.id}/accounts/revise`, theirs)).json()).toMatchObject({ code: 'no_account' });
    const both = await ok<Item<{ differences: string[]; accounts: Record<string, { account: { cpaMetres: number } }> }>>('boreas-delegate', 'POST', `${d}/incidents/${incident.id}/accounts`, theirs);
    expect(both).toMatchObject({ status: 'accounted', state: { differences: ['cpaMetres'], accounts: { aurelia: { account: { cpaMetres: 6 } }, boreas: { account: { cpaMetres: 150 } } } } });
    expect((await t.request('aurelia-duty', 'POST', `${d}/incidents/${incident.id}/accounts`, account)).json()).toMatchObject({ code: 'account_exists' });
    const revised = await ok<Item<{ accounts: Record<string, { revision: number }> }>>('aurelia-duty', 'POST', `${d}/incidents/${incident.id}/accounts/revise`, { ...account, cpaMetres: 8 });
    expect(revised.state.accounts.aurelia!.revision).toBe(2);
    const float = await t.request('aurelia-duty', 'POST', `${d}/incidents`, { ...account, position: { lat: 15.31, lon: 117.55 } });
    expect(float.statusCode).toBe(400);
    const summary = await ok<{ total: number; months: Record<string, { air: number; accounted: number; disputed: number }> }>('boreas-observer', 'GET', `${d}/incidents/summary`);
    // The demo's incident at sea (October 2026) and this one in the air, both with two accounts that differ.
    expect(summary.total).toBe(2);
    expect(summary.months[account.time.slice(0, 7)]).toMatchObject({ air: 1, accounted: 1, disputed: 1 });

    const group = await activeGroup(ok);
    const meeting = await ok('aurelia-delegate', 'POST', `${d}/meetings`, { workingGroup: group, start: at(Date.now() + 20 * DAY), end: at(Date.now() + 20 * DAY + 2 * HOUR), format: 'video' }, 201);
    const unknown = await t.request('aurelia-delegate', 'POST', `${d}/meetings/${meeting.id}/agenda`, { items: [{ goal: { en: 'Agree the facts' }, incident: 'no-such-incident' }] });
    expect(unknown.json()).toMatchObject({ code: 'incident_not_found', errors: [{ field: 'items[0].incident' }] });
    const agenda = await ok<Item<{ agenda: { items: { incident: string }[] } }>>('aurelia-delegate', 'POST', `${d}/meetings/${meeting.id}/agenda`, {
      items: [{ goal: { en: 'Agree the facts of the intercept and a minimum separation for intercepts' }, incident: incident.id }],
    });
    expect(agenda.state.agenda.items[0]!.incident).toBe(incident.id);
  });

  it('the rebuilt projections equal the live ones and the record verifies', async () => {
    const live = await dumpProjections(t);
    await t.ctx.store.rebuildProjections(DIALOGUE as DialogueId);
    expect(await dumpProjections(t)).toEqual(live);
    const transcript = await t.request('aurelia-observer', 'GET', `${d}/record/transcript`);
    expect(verifyTranscript(JSON.parse(transcript.body)).withheld).toBe(0);
  });
});

describe('in simulated time: deadlines acted on by the node\'s scheduler, lead times at the boundary', () => {
  let t: TestApp;
  const ok = client(() => t, { freshSessions: true });
  const clock = new ManualClock(new Date(Math.floor(Date.now() / 1000) * 1000));
  beforeAll(async () => { t = await startTestApp({ clock }); });
  afterAll(async () => { await t.close(); });

  it('an unanswered query escalates to a proposed meeting of its working group, which the other party accepts', async () => {
    const group = await activeGroup(ok);
    const query = await ok<Item<{ deadline: string }>>('aurelia-delegate', 'POST', `${d}/queries`, { subject: { en: 'Air activity' }, description: { en: 'Explain the flights of 4 June.' }, workingGroup: group }, 201);
    clock.advance(48 * HOUR - 1000);
    expect(await t.ctx.scheduler.runDue()).toBe(0); // a second before the deadline
    expect((await ok('aurelia-observer', 'GET', `${d}/queries/${query.id}`)).status).toBe('open');
    clock.advance(1000);
    expect(await t.ctx.scheduler.runDue()).toBe(1); // at the deadline
    expect(await t.ctx.scheduler.runDue()).toBe(0); // acted on exactly once
    const escalated = await ok<Item<{ escalation: { meeting: string } }>>('boreas-observer', 'GET', `${d}/queries/${query.id}`);
    expect(escalated.status).toBe('escalated');
    const meeting = await ok<Item<{ workingGroup: string; proposedBy: string }>>('boreas-observer', 'GET', `${d}/meetings/${escalated.state.escalation.meeting}`);
    expect(meeting).toMatchObject({ status: 'proposed', state: { workingGroup: group, proposedBy: 'aurelia' } });
    const escalation = (await t.ctx.store.eventById(DIALOGUE as DialogueId, meeting.id as never))!.event;
    expect(escalation).toMatchObject({ party: 'aurelia', member: null, type: 'meeting.proposed', body: { target: query.id } });
    expect(await ok('boreas-principal', 'POST', `${d}/meetings/${meeting.id}/accept`, { proposal: meeting.id })).toMatchObject({ status: 'scheduled' });
    clock.advance(HOUR);
    const answered = await ok('boreas-delegate', 'POST', `${d}/queries/${query.id}/answer`, { text: { en: 'Late, but here it is.' } });
    expect(answered).toMatchObject({ status: 'answered', state: { answer: { isLate: true }, escalation: { meeting: meeting.id } } });
  });

  it('a query whose working group was suspended meanwhile escalates without proposing a meeting', async () => {
    const group = await activeGroup(ok);
    const query = await ok('boreas-duty', 'POST', `${d}/queries`, { subject: { en: 'Drills' }, description: { en: 'Explain the drills.' }, workingGroup: group }, 201);
    await ok('aurelia-principal', 'POST', `${d}/working-groups/${group}/suspend`, { reason: 'Pending an explanation' });
    const meetingsBefore = (await ok<{ items: Item[] }>('aurelia-observer', 'GET', `${d}/meetings?limit=500`)).items.length;
    clock.advance(48 * HOUR + 1000);
    expect(await t.ctx.scheduler.runDue()).toBe(1);
    expect(await ok('aurelia-observer', 'GET', `${d}/queries/${query.id}`)).toMatchObject({ status: 'escalated', state: { escalation: { meeting: null } } });
    expect((await ok<{ items: Item[] }>('aurelia-observer', 'GET', `${d}/meetings?limit=500`)).items.length).toBe(meetingsBefore);
    await ok('aurelia-principal', 'POST', `${d}/working-groups/${group}/resume`, {});
  });

  it('notice lead time at the boundary, end to end: exactly on it is on time, one second later is late, an amendment moving the start later is judged at its own time', async () => {
    const LEAD = 42 * DAY; // military_exercise in the default terms, at 9,000 personnel or more
    const exercise = (start: number) => ({
      noticeType: 'military_exercise', window: { start: new Date(start).toISOString(), end: new Date(start + 3 * DAY).toISOString() },
      area: polygon, forces: { personnel: 9000 }, description: { en: 'Exercise at the threshold' },
    });
    const before = (await ok<{ parties: Record<string, Record<string, { onTime: number; late: number }>> }>('boreas-observer', 'GET', `${d}/notices/compliance`)).parties;
    const now = clock.now().getTime();
    const exactly = await ok<Item<{ isLate: boolean; lead: { deadline: string } }>>('aurelia-delegate', 'POST', `${d}/notices`, exercise(now + LEAD), 201);
    expect(exactly.state).toMatchObject({ isLate: false, lead: { deadline: new Date(now).toISOString() } });
    const oneSecond = await ok<Item<{ isLate: boolean }>>('aurelia-delegate', 'POST', `${d}/notices`, exercise(now + LEAD - 1000), 201);
    expect(oneSecond.state.isLate).toBe(true);
    clock.advance(DAY);
    // Moved one day later, amended one day later: exactly on its new deadline → on time.
    const amended = await ok<Item<{ isLate: boolean; versions: { isLate: boolean }[] }>>('aurelia-delegate', 'POST', `${d}/notices/${oneSecond.id}/amend`, exercise(now + LEAD + DAY));
    expect(amended.state).toMatchObject({ isLate: false, versions: [{ isLate: true }, { isLate: false }] });
    // Moving the on-time one a second earlier, a day later, makes it late.
    const earlier = await ok<Item<{ isLate: boolean }>>('aurelia-delegate', 'POST', `${d}/notices/${exactly.id}/amend`, exercise(now + LEAD - 1000));
    expect(earlier.state.isLate).toBe(true);
    const after = (await ok<{ parties: Record<string, Record<string, { onTime: number; late: number }>> }>('boreas-observer', 'GET', `${d}/notices/compliance`)).parties;
    const counts = (p: typeof before) => p.aurelia?.military_exercise ?? { onTime: 0, late: 0 };
    expect(counts(after).onTime - counts(before).onTime).toBe(1);
    expect(counts(after).late - counts(before).late).toBe(1);
  });

  it('an unanswered request to talk is recorded as unanswered by the requester\'s node; a late decline is marked late', async () => {
    const request = await ok('boreas-delegate', 'POST', `${d}/talk-requests`, { format: 'call', from, to, proposedTimes: [at(clock.now().getTime() + 3 * DAY)], subject: { en: 'Hotline test failures' } }, 201);
    clock.advance(48 * HOUR + 1000);
    expect(await t.ctx.scheduler.runDue()).toBe(1);
    expect(await ok('aurelia-observer', 'GET', `${d}/talk-requests/${request.id}`)).toMatchObject({ status: 'unanswered', party: 'boreas' });
    const declined = await ok('aurelia-principal', 'POST', `${d}/talk-requests/${request.id}/decline`, {});
    expect(declined).toMatchObject({ status: 'declined', state: { response: { isLate: true } } });
  });
});
