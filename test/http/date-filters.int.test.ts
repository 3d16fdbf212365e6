// The `from` / `to` filters of the aggregate lists over HTTP compare instants, not strings:
// bounds with offsets, bare dates (start of day for `from`, end of day for `to`) and
// millisecond boundaries, against commitments (due, a bare date stored as the day's last
// millisecond) and meetings (start, indexed in whatever precision the client sent).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialogueId } from '../../src/record/index.js';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';
import { dumpProjections } from './projections.js';

const d = `/api/v1/dialogues/${DIALOGUE}`;
type Listed = { items: { id: string; date: string | null }[] };

describe.each(['sqlite', 'postgres'] as const)('date filters on %s', (engine) => {
  let t: TestApp;
  let group = '';
  const ids = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestApp({ engine });
    const groups = (await t.request('aurelia-observer', 'GET', `${d}/working-groups?status=active`)).json() as { items: { id: string }[] };
    group = groups.items[0]!.id;
  });
  afterAll(async () => { await t.close(); });

  async function create(kind: 'commitments' | 'meetings', name: string, body: Record<string, unknown>): Promise<void> {
    const response = await t.request('aurelia-delegate', 'POST', `${d}/${kind}`, { workingGroup: group, ...body });
    expect(response.statusCode, response.body).toBe(201);
    ids.set((response.json() as { id: string }).id, name);
  }
  /** Names of the listed aggregates this test made, in list order. */
  async function listed(kind: 'commitments' | 'meetings', query: string): Promise<string[]> {
    const response = await t.request('aurelia-observer', 'GET', `${d}/${kind}?parent=${group}&limit=500&${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as Listed).items.flatMap((item) => ids.has(item.id) ? [ids.get(item.id)!] : []);
  }

  it('given commitments due on a bare date and at an offset instant, when listed by due, then the bounds compare instants', async () => {
    await create('commitments', 'day', { party: 'boreas', title: { en: 'Due on 1 January 2099' }, due: '2099-01-01' });
    await create('commitments', 'evening', { party: 'boreas', title: { en: 'Due 21:00 UTC' }, due: '2099-01-02T05:00:00+08:00' });
    const dates = (await t.request('aurelia-observer', 'GET', `${d}/commitments?parent=${group}&from=2099-01-01&limit=500`)).json() as Listed;
    expect(dates.items.filter((i) => ids.has(i.id)).map((i) => i.date)).toEqual(['2099-01-01T21:00:00.000Z', '2099-01-01T23:59:59.999Z']);

    // 20:00 at -05:00 is 01:00Z the next day: the bare date's end (23:59:59.999Z) is before it.
    expect(await listed('commitments', 'to=2099-01-01T20:00:00-05:00')).toEqual(['evening', 'day']);
    expect(await listed('commitments', 'to=2099-01-01T18:00:00-05:00')).toEqual(['evening']);
    // Whole seconds against a stored millisecond: 23:59:59Z is before 23:59:59.999Z.
    expect(await listed('commitments', 'from=2099-01-01T23:59:59Z')).toEqual(['day']);
    expect(await listed('commitments', 'from=2099-01-01T23:59:59.999Z&to=2099-01-01T23:59:59.999Z')).toEqual(['day']);
    expect(await listed('commitments', 'to=2099-01-01T23:59:59.998Z')).toEqual(['evening']);
    expect(await listed('commitments', 'from=2099-01-02T00:00:00.000%2B00:01')).toEqual(['day']);
    // Bare dates: from the day's start to its end, inclusive.
    expect(await listed('commitments', 'from=2099-01-01&to=2099-01-01')).toEqual(['evening', 'day']);
    expect(await listed('commitments', 'from=2099-01-02')).toEqual([]);
    expect(await listed('commitments', 'to=2098-12-31')).toEqual([]);
  });

  it('given meetings whose start was sent in different precisions, when listed by start, then millisecond boundaries hold', async () => {
    await create('meetings', 'nine', { start: '2099-03-01T09:00:00Z', end: '2099-03-01T10:00:00Z', format: 'video' });
    await create('meetings', 'nine-and-a-half-second', { start: '2099-03-01T09:00:00.5Z', end: '2099-03-01T10:00:00Z', format: 'video' });
    await create('meetings', 'just-before-nine', { start: '2099-03-01T08:59:59.9999Z', end: '2099-03-01T10:00:00Z', format: 'video' });
    const all = (await t.request('aurelia-observer', 'GET', `${d}/meetings?parent=${group}&from=2099-03-01&limit=500`)).json() as Listed;
    expect(all.items.filter((i) => ids.has(i.id)).map((i) => [ids.get(i.id), i.date])).toEqual([
      ['just-before-nine', '2099-03-01T08:59:59.999Z'], ['nine', '2099-03-01T09:00:00.000Z'], ['nine-and-a-half-second', '2099-03-01T09:00:00.500Z'],
    ]);

    expect(await listed('meetings', 'from=2099-03-01T09:00:00Z')).toEqual(['nine', 'nine-and-a-half-second']);
    expect(await listed('meetings', 'to=2099-03-01T09:00:00Z')).toEqual(['just-before-nine', 'nine']);
    expect(await listed('meetings', 'from=2099-03-01T10:00:00.001%2B01:00')).toEqual(['nine-and-a-half-second']);
    expect(await listed('meetings', 'to=2099-03-01T03:59:59.999-05:00')).toEqual(['just-before-nine']);
    expect(await listed('meetings', 'from=2099-03-01&to=2099-03-01')).toEqual(['just-before-nine', 'nine', 'nine-and-a-half-second']);
    expect(await listed('meetings', 'to=2099-02-28')).toEqual([]);
  });

  it('refuses a bound that is not a date of the calendar or lacks its offset', async () => {
    for (const query of ['from=2099-02-30', 'to=2099-01-01T20:00:00', 'to=tomorrow']) {
      const response = await t.request('aurelia-observer', 'GET', `${d}/commitments?${query}`);
      expect(response.statusCode, query).toBe(400);
    }
  });

  it('projects the same normalised dates when rebuilt from the record', async () => {
    const live = await dumpProjections(t);
    await t.ctx.store.rebuildProjections(DIALOGUE as DialogueId);
    expect(await dumpProjections(t)).toEqual(live);
  });
});
