// The scheduler is generic: any kind whose state has a `due` time gets its timeout decided
// once it passes — here a request to talk left unanswered — exactly once, also when two
// passes race; `runUntil` simulates a node running all along.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HotlineCallState } from '../../src/domain/index.js';
import type { PartyId } from '../../src/record/index.js';
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

describe('a party hosted on another node', () => {
  let n: HotlineNode;
  afterEach(async () => { await n.close(); });

  it('is never acted for: no receipt or escalation of its calls here; its link-test slots are left to its node; our unanswered test is recorded missed', async () => {
    n = await startHotlineNode();
    // Blue's key leaves this node: from now on Blue is hosted elsewhere.
    await n.down();
    rmSync(join(n.ctx.dataDir, 'keys', 'party-blue.key'));
    await n.restart();

    const call = await n.act<HotlineCallState>('red-duty', 'hotline_call', { type: 'place', precedence: 'flash', subject: { en: 's' }, message: { en: 'm' } });
    expect(call.state).toMatchObject({ status: 'placed', deliveredAt: null });
    expect(await n.ctx.store.privates.pendingEscalation('blue' as PartyId, DIALOGUE, call.id)).toBeUndefined();

    await n.act('red-duty', 'hotline_link', { type: 'open' });
    expect(await n.ctx.scheduler.runUntil(n.clock, new Date(START.getTime() + minutes(90)))).toBe(2);
    const events = await n.ctx.store.events(DIALOGUE, 0, 1000);
    const link = events.filter((e) => e.event.type.startsWith('hotline_link.test'));
    // Slot 0 (Red's) sent and, unanswered, missed; slot 1 (Blue's, due at 01:00) is Blue's node's to send.
    expect(link.map((e) => [e.event.type, e.event.party, (e.event.body as { slot: number }).slot])).toEqual([
      ['hotline_link.test_sent', 'red', 0], ['hotline_link.test_missed', 'red', 0],
    ]);
    const placedAt = events.findIndex((e) => e.id === call.id);
    expect(events.slice(placedAt).filter((e) => e.event.party === 'blue')).toEqual([]);
  });
});
