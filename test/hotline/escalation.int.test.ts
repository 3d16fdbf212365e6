// Simulated time (ManualClock): an unacknowledged flash call escalates at its 10-minute
// deadline to the first rung of the receiving party's private ladder, then to the next rung
// at that rung's own deadline; acknowledgement stops it; a restart in the middle neither
// loses nor repeats a level. On both engines.
import { afterEach, describe, expect, it } from 'vitest';
import type { HotlineCallState } from '../../src/domain/index.js';
import { termsInForceRecord } from '../../src/node/index.js';
import type { MemberId, PartyId } from '../../src/record/index.js';
import { DIALOGUE, minutes, START, startHotlineNode, type HotlineNode } from './fixture.js';

const BLUE = 'blue' as PartyId;
const call = { type: 'place', precedence: 'flash', subject: { en: 'Unsafe intercept' }, message: { en: 'Call us back now.' } };

describe.each(['sqlite', 'postgres'] as const)('hotline escalation on %s', (engine) => {
  let n: HotlineNode;
  afterEach(async () => { await n.close(); });

  async function setLadder() {
    await n.ctx.store.privates.putEscalationLadder({
      party: BLUE, dialogue: DIALOGUE, updatedBy: 'blue-admin' as MemberId, updatedAt: START.toISOString(),
      rungs: [
        { name: 'duty supervisor', roles: [], members: ['blue-supervisor'], deadlineSeconds: 300 },
        { name: 'principals', roles: ['principal'], members: [], deadlineSeconds: 600 },
      ],
    });
  }
  const steps = (callId: string) => n.ctx.store.privates.escalationSteps(BLUE, DIALOGUE, callId);
  const at = async (ms: number) => { n.clock.set(new Date(START.getTime() + ms)); return n.ctx.scheduler.runDue(); };

  it('given a flash call delivered at once, when nobody acknowledges, then it escalates at 10 min to rung 1 and 5 min later to rung 2, once each', async () => {
    n = await startHotlineNode(engine);
    await setLadder();
    // No terms agreed: the default deadline of a flash call applies, copied into the call.
    expect(await termsInForceRecord(n.ctx.store.aggregates, DIALOGUE)).toMatchObject({ isDefault: true, id: null });
    const placed = await n.act<HotlineCallState>('red-duty', 'hotline_call', call);
    expect(placed.state).toMatchObject({ status: 'delivered', to: 'blue', ackDeadlineSeconds: 600, deliveredAt: START.toISOString(), ackDueAt: '2026-10-01T00:10:00.000Z' });

    expect(await at(minutes(10) - 1)).toBe(0);
    expect((await n.aggregate<HotlineCallState>('hotline_call', placed.id)).escalationLevel).toBe(0);

    expect(await at(minutes(10))).toBe(1);
    let state = await n.aggregate<HotlineCallState>('hotline_call', placed.id);
    expect(state).toMatchObject({ status: 'escalated', escalationLevel: 1, escalations: [{ level: 1, dueAt: '2026-10-01T00:10:00.000Z', at: '2026-10-01T00:10:00.000Z' }] });
    expect((await steps(placed.id)).map((s) => [s.level, s.paged])).toEqual([[1, ['blue-supervisor']]]);
    expect(n.notices).toEqual([expect.objectContaining({ kind: 'private', party: 'blue', type: 'hotline.escalation_step', data: expect.objectContaining({ level: 1, paged: ['blue-supervisor'], nextDueAt: '2026-10-01T00:15:00.000Z' }) })]);

    expect(await at(minutes(15) - 1)).toBe(0);
    expect(await at(minutes(15))).toBe(1);
    state = await n.aggregate<HotlineCallState>('hotline_call', placed.id);
    expect(state.escalations.map((e) => [e.level, e.at])).toEqual([[1, '2026-10-01T00:10:00.000Z'], [2, '2026-10-01T00:15:00.000Z']]);
    expect((await steps(placed.id)).map((s) => [s.level, s.paged])).toEqual([[1, ['blue-supervisor']], [2, ['blue-principal']]]);

    // The top of the ladder: nothing further, however long it stays unacknowledged.
    expect(await at(minutes(120))).toBe(0);
    expect((await steps(placed.id))).toHaveLength(2);
    expect(n.notices.every((x) => x.kind === 'private' && x.party === 'blue')).toBe(true);
    // The shared record says that levels were reached, never who was paged.
    const events = await n.ctx.store.events(DIALOGUE, 0, 1000);
    const escalated = events.filter((e) => e.event.type === 'hotline_call.escalated');
    expect(escalated.map((e) => [e.event.party, e.event.member, e.event.body])).toEqual([
      ['blue', null, { target: placed.id, level: 1, dueAt: '2026-10-01T00:10:00.000Z' }],
      ['blue', null, { target: placed.id, level: 2, dueAt: '2026-10-01T00:15:00.000Z' }],
    ]);
    expect(JSON.stringify(events.map((e) => e.event))).not.toContain('blue-supervisor');
  });

  it('given an escalated call, when a duty officer acknowledges, then escalation stops and the latency is on the record', async () => {
    n = await startHotlineNode(engine);
    await setLadder();
    const placed = await n.act<HotlineCallState>('red-duty', 'hotline_call', call);
    await at(minutes(10));
    n.clock.set(new Date(START.getTime() + minutes(12)));
    const acked = await n.act<HotlineCallState>('blue-duty', 'hotline_call', { type: 'acknowledge' }, placed.id);
    expect(acked.state).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'blue-duty', ackLatencyMs: minutes(12), isAckLate: true, escalationLevel: 1 });
    expect(await at(minutes(60))).toBe(0);
    expect((await steps(placed.id)).map((s) => s.level)).toEqual([1]);
    expect(await n.ctx.store.privates.pendingEscalation(BLUE, DIALOGUE, placed.id)).toBeUndefined();
  });

  it('given an acknowledgement before the deadline, then the call never escalates', async () => {
    n = await startHotlineNode(engine);
    const placed = await n.act<HotlineCallState>('red-duty', 'hotline_call', call);
    n.clock.set(new Date(START.getTime() + minutes(3)));
    const acked = await n.act<HotlineCallState>('blue-principal', 'hotline_call', { type: 'acknowledge' }, placed.id);
    expect(acked.state).toMatchObject({ ackLatencyMs: minutes(3), isAckLate: false });
    expect(await at(minutes(600))).toBe(0);
    expect((await n.aggregate<HotlineCallState>('hotline_call', placed.id)).escalations).toEqual([]);
  });

  it('given a restart after rung 1 with rung 2 falling due while down, when the node catches up, then rung 2 is taken exactly once', async () => {
    n = await startHotlineNode(engine);
    await setLadder();
    const placed = await n.act<HotlineCallState>('red-duty', 'hotline_call', call);
    expect(await at(minutes(10))).toBe(1);
    await n.down();
    // Down from 00:10 to 00:40: rung 2 fell due at 00:15.
    n.clock.set(new Date(START.getTime() + minutes(40)));
    await n.restart();
    expect(await n.ctx.scheduler.start(60_000)).toBe(1);
    expect(await n.ctx.scheduler.runDue()).toBe(0);
    await n.restart();
    expect(await n.ctx.scheduler.runDue()).toBe(0);
    const state = await n.aggregate<HotlineCallState>('hotline_call', placed.id);
    // Recorded when the node got to it, naming when it was due.
    expect(state.escalations).toEqual([
      { level: 1, dueAt: '2026-10-01T00:10:00.000Z', at: '2026-10-01T00:10:00.000Z' },
      { level: 2, dueAt: '2026-10-01T00:15:00.000Z', at: '2026-10-01T00:40:00.000Z' },
    ]);
    expect((await steps(placed.id)).map((s) => [s.level, s.due, s.at])).toEqual([
      [1, '2026-10-01T00:10:00.000Z', '2026-10-01T00:10:00.000Z'],
      [2, '2026-10-01T00:15:00.000Z', '2026-10-01T00:40:00.000Z'],
    ]);
  });

  it('given two node processes on the same database, when both run their passes at the deadline, then each level is taken once', async () => {
    n = await startHotlineNode(engine);
    await setLadder();
    const other = await n.openAnother();
    try {
      const placed = await n.act<HotlineCallState>('red-duty', 'hotline_call', call);
      n.clock.set(new Date(START.getTime() + minutes(10)));
      const first = await Promise.all([n.ctx.scheduler.runDue(), other.scheduler.runDue()]);
      expect(first[0] + first[1]).toBe(1);
      n.clock.set(new Date(START.getTime() + minutes(15)));
      const second = await Promise.all([other.scheduler.runDue(), n.ctx.scheduler.runDue()]);
      expect(second[0] + second[1]).toBe(1);
      expect((await steps(placed.id)).map((s) => s.level)).toEqual([1, 2]);
      expect((await n.aggregate<HotlineCallState>('hotline_call', placed.id)).escalations.map((e) => e.level)).toEqual([1, 2]);
    } finally {
      await other.close();
    }
  });

  it('given a restart in the middle with nothing due, then no escalation is lost: rung 1 still fires at 10 min', async () => {
    n = await startHotlineNode(engine);
    await setLadder();
    const placed = await n.act<HotlineCallState>('red-duty', 'hotline_call', call);
    n.clock.set(new Date(START.getTime() + minutes(5)));
    await n.restart();
    expect(await n.ctx.scheduler.runDue()).toBe(0);
    expect(await at(minutes(10))).toBe(1);
    expect((await n.aggregate<HotlineCallState>('hotline_call', placed.id)).escalationLevel).toBe(1);
  });
});
