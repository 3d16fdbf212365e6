// The scheduler is generic: any kind whose state has a `due` time gets its timeout decided
// once it passes — here a request to talk left unanswered — exactly once, also when two
// passes race; `runUntil` simulates a node running all along.
import { afterEach, describe, expect, it } from 'vitest';
import { DIALOGUE, minutes, START, startHotlineNode, type HotlineNode } from './fixture.js';

const DAY = minutes(24 * 60);
const request = {
  type: 'request', format: 'call', from: [{ name: 'Red principal', title: { en: 'Minister' } }], to: [{ name: 'Blue principal', title: { en: 'Minister' } }],
  proposedTimes: [new Date(START.getTime() + 3 * DAY).toISOString()], subject: { en: 'Unsafe intercept' },
};

describe('the scheduler, for every kind with a deadline', () => {
  let n: HotlineNode;
  afterEach(async () => { await n.close(); });

  it('given a request to talk left unanswered past 48 h, when passes run (even two at once), then the requester’s node records it unanswered once', async () => {
    n = await startHotlineNode();
    const talk = await n.act<{ status: string }>('red-principal', 'talk_request', request);
    expect(talk.state.status).toBe('pending');
    n.clock.set(new Date(START.getTime() + 2 * DAY - 1));
    expect(await n.ctx.scheduler.runDue()).toBe(0);
    n.clock.set(new Date(START.getTime() + 2 * DAY + 1000));
    const [a, b] = await Promise.all([n.ctx.scheduler.runDue(), n.ctx.scheduler.runDue()]);
    expect(a + b).toBe(1);
    expect((await n.aggregate<{ status: string }>('talk_request', talk.id)).status).toBe('unanswered');
    const events = await n.ctx.store.events(DIALOGUE, 0, 1000);
    const last = events.at(-1)!.event;
    expect(last).toMatchObject({ party: 'red', member: null, body: { target: talk.id } });
    expect(await n.ctx.scheduler.runDue()).toBe(0);
  });

  it('runUntil acts at every due time on the way, as if the node had been running', async () => {
    n = await startHotlineNode();
    await n.act('red-duty', 'hotline_link', { type: 'open' });
    const acted = await n.ctx.scheduler.runUntil(n.clock, new Date(START.getTime() + minutes(5 * 60 + 30)));
    expect(acted).toBe(6);
    expect(n.clock.now().toISOString()).toBe('2026-10-01T05:30:00.000Z');
    const events = await n.ctx.store.events(DIALOGUE, 0, 1000);
    expect(events.filter((e) => e.event.type === 'hotline_link.test_answered')).toHaveLength(6);
    expect(events.filter((e) => e.event.type === 'hotline_link.test_missed')).toHaveLength(0);
  });
});
