// What a command names must exist in the same dialogue: a message's working group and the
// message it answers, a commitment's meeting (of the same working group), an agenda item's
// commitment. Given over HTTP; an unknown reference is a problem naming the field, and the
// record is unchanged. A message can ask for an acknowledgement by a person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialogueId } from '../../src/record/index.js';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
const d = `/api/v1/dialogues/${DIALOGUE}`;
let maritime = '';
let regional = '';
let meeting = '';

beforeAll(async () => {
  t = await startTestApp();
  const groups = (await t.request('aurelia-observer', 'GET', `${d}/working-groups?status=active`)).json() as { items: Array<{ id: string; state: { mandate: { title: { en: string } } } }> };
  maritime = groups.items.find((g) => g.state.mandate.title.en === 'Maritime issues')!.id;
  regional = groups.items.find((g) => g.state.mandate.title.en !== 'Maritime issues')!.id;
  const proposed = await t.request('aurelia-delegate', 'POST', `${d}/meetings`, { workingGroup: regional, start: '2027-01-10T09:00:00Z', end: '2027-01-10T12:00:00Z', format: 'video' });
  meeting = (proposed.json() as { id: string }).id;
});
afterAll(async () => { await t.close(); });

async function recordState(): Promise<string> {
  const log = await t.ctx.store.log(DIALOGUE as DialogueId);
  return `${log.size}:${log.root.toString('base64')}`;
}

async function refused(member: string, method: string, url: string, body: unknown, status: number, field: string): Promise<void> {
  const before = await recordState();
  const response = await t.request(member, method, url, body);
  expect(response.statusCode, response.body).toBe(status);
  expect(response.json()).toMatchObject({ errors: [{ field }] });
  expect(await recordState()).toBe(before);
}

describe('references to other things of the dialogue', () => {
  it('given a message in a working group that asks for an acknowledgement, the record and the message say so; a reply names it', async () => {
    const posted = await t.request('aurelia-delegate', 'POST', `${d}/messages`, {
      kind: 'formal_note', text: { en: 'Please confirm receipt of our proposal.' }, workingGroup: maritime, requiresAcknowledgement: true,
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const { id } = posted.json() as { id: string };
    const stored = await t.ctx.store.eventById(DIALOGUE as DialogueId, id as never);
    expect(stored?.event.body).toMatchObject({ kind: 'formal_note', workingGroup: maritime, requiresAcknowledgement: true });
    const message = (await t.request('boreas-observer', 'GET', `${d}/messages/${id}`)).json() as { state: Record<string, unknown> };
    expect(message.state).toMatchObject({ workingGroup: maritime, requiresAcknowledgement: true, replyTo: null });

    const reply = await t.request('boreas-delegate', 'POST', `${d}/messages`, { text: { en: 'Received; we will answer within the week.' }, replyTo: id });
    expect(reply.statusCode, reply.body).toBe(201);
    const answer = (await t.request('aurelia-observer', 'GET', `${d}/messages/${(reply.json() as { id: string }).id}`)).json() as { state: Record<string, unknown> };
    expect(answer.state).toMatchObject({ replyTo: id, requiresAcknowledgement: false, workingGroup: null });
  });

  it('an unknown working group or replied-to message is 404 naming the field, and nothing is recorded', async () => {
    await refused('aurelia-delegate', 'POST', `${d}/messages`, { text: { en: 'x' }, workingGroup: 'no-such-group' }, 404, 'workingGroup');
    await refused('aurelia-delegate', 'POST', `${d}/messages`, { text: { en: 'x' }, replyTo: 'no-such-message' }, 404, 'replyTo');
    // A working group's id is not a message.
    await refused('aurelia-delegate', 'POST', `${d}/messages`, { text: { en: 'x' }, replyTo: maritime }, 404, 'replyTo');
    await refused('aurelia-delegate', 'POST', `${d}/messages`, { text: { en: 'x' }, requiresAcknowledgement: 'yes' }, 400, 'requiresAcknowledgement');
  });

  it("a commitment names a meeting of its own working group; an unknown one is 404, another group's 409", async () => {
    const commitment = { party: 'aurelia', title: { en: 'Share the schedule' }, due: '2027-06-30' };
    await refused('aurelia-delegate', 'POST', `${d}/commitments`, { ...commitment, workingGroup: regional, meeting: 'no-such-meeting' }, 404, 'meeting');
    await refused('aurelia-delegate', 'POST', `${d}/commitments`, { ...commitment, workingGroup: maritime, meeting }, 409, 'meeting');
    const made = await t.request('aurelia-delegate', 'POST', `${d}/commitments`, { ...commitment, workingGroup: regional, meeting });
    expect(made.statusCode, made.body).toBe(201);
  });

  it('an agenda item names a commitment of this dialogue; an unknown one is 404 naming the item', async () => {
    await refused('aurelia-delegate', 'POST', `${d}/meetings/${meeting}/agenda`, { items: [{ goal: { en: 'Review progress' }, commitment: 'no-such-commitment' }] }, 404, 'items[0].commitment');
  });

  it('once a readout of the meeting is published, its agenda no longer changes (readouts name items by position)', async () => {
    const agenda = await t.request('aurelia-delegate', 'POST', `${d}/meetings/${meeting}/agenda`, { items: [{ goal: { en: 'Agree a schedule' } }] });
    expect(agenda.statusCode, agenda.body).toBe(200);
    const amend = { items: [{ goal: { en: 'Something else first' } }, { goal: { en: 'Agree a schedule' } }] };
    const readout = await t.request('boreas-delegate', 'POST', `${d}/readouts`, { meeting, items: [{ item: 0, text: { en: 'We agreed the schedule.' } }] });
    expect(readout.statusCode, readout.body).toBe(201);
    const before = await recordState();
    const refusal = await t.request('aurelia-delegate', 'POST', `${d}/meetings/${meeting}/agenda/amend`, amend);
    expect(refusal.statusCode).toBe(409);
    expect(refusal.json()).toMatchObject({ code: 'readouts_published' });
    expect(await recordState()).toBe(before);
  });
});
