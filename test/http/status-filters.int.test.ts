// The `status` filter of the aggregate lists over HTTP uses the status an item shows now: a
// commitment past its due date shows `overdue`, not `committed`, so `?status=committed`
// leaves it out and `?status=overdue` (alone or with others) takes it in; pages stay full.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';

const d = `/api/v1/dialogues/${DIALOGUE}`;
type Listed = { items: Array<{ id: string; status: string; state: { title: { en: string } } }>; next: string | null };

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

const list = async (query: string) => {
  const response = await t.request('aurelia-observer', 'GET', `${d}/commitments?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Listed;
};

describe('status filters use the status shown now', () => {
  it('given the demo (one commitment overdue since 15 November), committed excludes it and overdue takes it in, alone or with others', async () => {
    const all = await list('limit=500');
    const overdue = all.items.filter((c) => c.status === 'overdue');
    const committed = all.items.filter((c) => c.status === 'committed');
    const disputed = all.items.filter((c) => c.status === 'disputed');
    expect(overdue.map((c) => c.state.title.en)).toEqual(['Share the calendar of major naval exercises for the next six months']);
    expect(committed.length).toBeGreaterThan(0);
    expect(disputed.length).toBeGreaterThan(0);

    const ids = (listed: Listed) => listed.items.map((c) => c.id).sort();
    expect(ids(await list('status=committed'))).toEqual(committed.map((c) => c.id).sort());
    expect(ids(await list('status=overdue'))).toEqual(overdue.map((c) => c.id).sort());
    expect(ids(await list('status=overdue,disputed'))).toEqual([...overdue, ...disputed].map((c) => c.id).sort());
    expect(ids(await list('status=committed,overdue'))).toEqual([...committed, ...overdue].map((c) => c.id).sort());
  });

  it('a page of a filtered list is full when more match, and its cursor continues without loss or repeat', async () => {
    const wanted = (await list('status=committed,overdue,disputed&limit=500')).items.map((c) => c.id);
    expect(wanted.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Listed = await list(`status=committed,overdue,disputed&limit=1${after ? `&after=${after}` : ''}`);
      seen.push(...page.items.map((c) => c.id));
      after = page.next;
      expect(seen.length).toBeLessThanOrEqual(wanted.length);
    } while (after !== null && seen.length < wanted.length + 1);
    expect(seen.slice(0, wanted.length)).toEqual(wanted);
  });
});
