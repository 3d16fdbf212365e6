// Link tests in simulated time: the sides alternate hourly, the other node answers at once;
// slots that fell due while the node was down are recorded missed on catch-up, exactly once
// each; availability per direction counts them, across the gap.
import { afterEach, describe, expect, it } from 'vitest';
import { availability, type HotlineLinkState } from '../../src/domain/index.js';
import { DIALOGUE, minutes, START, startHotlineNode, type HotlineNode } from './fixture.js';

const HOUR = minutes(60);

describe.each(['sqlite', 'postgres'] as const)('link tests on %s', (engine) => {
  let n: HotlineNode;
  afterEach(async () => { await n.close(); });
  const at = async (ms: number) => { n.clock.set(new Date(START.getTime() + ms)); return n.ctx.scheduler.runDue(); };
  const typesOf = async (type: string) => (await n.ctx.store.events(DIALOGUE, 0, 10_000)).filter((e) => e.event.type === type);

  it('given an open link, when the node is down for ten hours, then the slots it missed are recorded once each and availability counts them', async () => {
    n = await startHotlineNode(engine);
    const link = await n.act<HotlineLinkState>('red-duty', 'hotline_link', { type: 'open' });
    expect(link.state).toMatchObject({ status: 'active', intervalSeconds: 3600, answerSeconds: 300, parties: ['red', 'blue'], nextSlot: 0 });
    // Slots 0…5 at each hour, sent by red, blue, red… and answered by the other side at once.
    for (let hour = 0; hour <= 5; hour++) expect(await at(hour * HOUR)).toBe(1);
    let state = await n.aggregate<HotlineLinkState>('hotline_link', link.id);
    expect(state).toMatchObject({ nextSlot: 6, answered: 6, missed: [], outstanding: null });
    expect((await typesOf('hotline_link.test_sent')).map((e) => e.event.party)).toEqual(['red', 'blue', 'red', 'blue', 'red', 'blue']);
    expect((await typesOf('hotline_link.test_answered')).map((e) => e.event.party)).toEqual(['blue', 'red', 'blue', 'red', 'blue', 'red']);

    // Down from 05:30 to 15:02: slots 6…14 ended unanswered while down; slot 15 (15:00) is
    // still within its five minutes to answer.
    n.clock.set(new Date(START.getTime() + 5.5 * HOUR));
    await n.down();
    n.clock.set(new Date(START.getTime() + 15 * HOUR + minutes(2)));
    await n.restart();
    expect(await n.ctx.scheduler.start(60_000)).toBe(10);
    expect(await n.ctx.scheduler.runDue()).toBe(0);
    await n.restart();
    expect(await n.ctx.scheduler.runDue()).toBe(0);

    state = await n.aggregate<HotlineLinkState>('hotline_link', link.id);
    expect(state).toMatchObject({ nextSlot: 16, answered: 7, missed: [[6, 14]], outstanding: null });
    const missed = await typesOf('hotline_link.test_missed');
    expect(missed.map((e) => (e.event.body as { slot: number }).slot)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(missed.every((e) => (e.event.body as { reason: string }).reason === 'not_sent')).toBe(true);

    const now = new Date(START.getTime() + 15 * HOUR + minutes(2));
    const week = availability(state, now, 7);
    expect(week.directions).toEqual([
      { from: 'red', to: 'blue', scheduled: 8, answered: 3, missed: 5, availability: 3 / 8 },
      { from: 'blue', to: 'red', scheduled: 8, answered: 4, missed: 4, availability: 4 / 8 },
    ]);
    // A window that starts inside the gap counts only the slots due in it.
    const sixHours = availability(state, now, 6 / 24);
    expect(sixHours.directions.map((d) => [d.scheduled, d.answered])).toEqual([[3, 0], [3, 1]]);
  });

  it('given a slot whose answer time is still open at catch-up, then it is sent late and counts as answered; the next one is not sent early', async () => {
    n = await startHotlineNode(engine);
    await n.act<HotlineLinkState>('red-duty', 'hotline_link', { type: 'open' });
    expect(await at(minutes(4))).toBe(1);
    expect(await at(HOUR - 1)).toBe(0);
    expect(await at(HOUR)).toBe(1);
    expect((await typesOf('hotline_link.test_missed'))).toHaveLength(0);
  });

  it('given a closed link, then nothing more is sent', async () => {
    n = await startHotlineNode(engine);
    const link = await n.act<HotlineLinkState>('blue-principal', 'hotline_link', { type: 'open' });
    await at(0);
    await n.act('red-principal', 'hotline_link', { type: 'close', reason: 'replaced' }, link.id);
    expect(await at(10 * HOUR)).toBe(0);
    expect((await n.aggregate<HotlineLinkState>('hotline_link', link.id)).status).toBe('closed');
  });
});
