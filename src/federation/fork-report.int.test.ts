// Both parties alerted of a fork (issue 6, item 5): the node that catches an equivocation puts
// `record.fork_reported` on the shared record in the name of a party it hosts, once, and the
// report replicates — to the forked party's node too, which shows it (src/federation/forks.ts)
// even when it cannot apply it because it lost the branch the report `seen`s.
import { afterEach, describe, expect, it } from 'vitest';
import type { ForkReportState } from '../domain/index.js';
import { signEvent, type EventHeader, type SignedEvent } from '../record/index.js';
import { forksOf } from './forks.js';
import { BLUE, DIALOGUE, RED, deliver, exchange, federatedPair, testNode, type Engine, type TestNode } from './testing/federated-nodes.js';

const engines: Engine[] = ['sqlite', 'postgres'];

/** Another event of red at the seq of `held`, signed with red's key (red's node forked its chain). */
function forkOf(red: TestNode, held: SignedEvent, text: string) {
  const { bodyHash: _h, sig: _s, body: _b, ...header } = held;
  return signEvent({ ...(header as EventHeader), time: new Date(Date.parse(held.time) + 1000).toISOString() }, { kind: 'informal', text: { en: text } }, red.keys.partyKey(RED)!);
}

describe.each(engines)('fork reports on %s', (engine) => {
  let pair: Awaited<ReturnType<typeof federatedPair>> | undefined;
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
  });

  it('given red\'s node signs a second event at a seq blue holds, then blue\'s node records record.fork_reported once, and it reaches red\'s node and its record', async () => {
    pair = await federatedPair(engine);
    const { red, blue } = pair;
    await red.node.postMessage({ dialogue: DIALOGUE, member: 'red-principal' as never, kind: 'informal', text: { en: 'We agree' } });
    await exchange(red, blue);
    const held = (await red.events()).find((s) => s.event.type === 'message.posted')!;
    const fork = forkOf(red, held.event, 'We never agreed');

    const [result] = await blue.inbox.ingest(DIALOGUE, [fork.event], red.name);
    expect(result).toMatchObject({ status: 'equivocation', id: fork.id });
    const reports = (await blue.events()).filter((s) => s.event.type === 'record.fork_reported');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.event).toMatchObject({
      party: BLUE, member: null,
      body: { evidence: { kind: 'event', party: RED, seq: held.event.seq, events: [held.id, fork.id] }, source: red.name },
    });
    // Delivered again, the fork is still equivocation, but it is not reported twice.
    expect((await blue.inbox.ingest(DIALOGUE, [fork.event], red.name))[0]?.status).toBe('equivocation');
    expect((await blue.events()).filter((s) => s.event.type === 'record.fork_reported')).toHaveLength(1);

    // The report replicates: red's node applies it, so red's members see it on their record.
    const delivered = await deliver(blue, red);
    expect(delivered.find((r) => r.id === reports[0]!.id)?.status).toBe('appended');
    const onRed = await forksOf(red.store, DIALOGUE);
    expect(onRed.events).toEqual([]);
    expect(onRed.reports).toEqual([expect.objectContaining({
      id: reports[0]!.id, party: BLUE, kind: 'event', forkedParty: RED, seq: held.event.seq, events: [held.id, fork.id], waiting: null,
    })]);
    const state = await red.store.aggregates.aggregate<ForkReportState>(DIALOGUE, 'fork_report', reports[0]!.id);
    expect(state?.state.reason).toMatch(/^equivocation: red already signed/);
    // Blue's node shows its own proof and its report.
    const onBlue = await forksOf(blue.store, DIALOGUE);
    expect(onBlue.events.map((e) => e.other.id)).toEqual([fork.id]);
    expect(onBlue.reports.map((r) => r.id)).toEqual([reports[0]!.id]);
    expect((await red.node.stateDigest(DIALOGUE)).digest).toBe((await blue.node.stateDigest(DIALOGUE)).digest);
  });

  it('given red\'s node lost the event blue holds (restored from an old backup) and signed another at its seq, then red\'s node cannot apply blue\'s report but shows it, verified, as waiting', async () => {
    pair = await federatedPair(engine);
    const { red, blue } = pair;
    await exchange(red, blue);
    // Red's node signed `lost`, blue took it, then red's node was restored from a backup without it.
    const heads = await red.store.withDialogue(DIALOGUE, (tx) => tx.heads());
    const head = heads.get(RED)!;
    const header: EventHeader = {
      v: 1, dialogue: DIALOGUE, party: RED, member: 'red-principal' as never, seq: head.seq + 1, prev: head.id, seen: { [BLUE]: heads.get(BLUE)!.id }, time: red.clock.now().toISOString(), type: 'message.posted',
    };
    const lost = signEvent(header, { kind: 'informal', text: { en: 'We agree' } }, red.keys.partyKey(RED)!);
    expect((await blue.inbox.ingest(DIALOGUE, [lost.event], red.name))[0]?.status).toBe('appended');
    await red.node.postMessage({ dialogue: DIALOGUE, member: 'red-principal' as never, kind: 'informal', text: { en: 'We never agreed' } });
    const signed = (await red.events()).find((s) => s.event.type === 'message.posted')!;
    expect(signed.event.seq).toBe(lost.event.seq);

    const results = await deliver(red, blue);
    expect(results.find((r) => r.id === signed.id)?.status).toBe('equivocation');
    const report = (await blue.events()).find((s) => s.event.type === 'record.fork_reported')!;
    expect(report.event.seen[RED]).toBe(lost.id);

    const back = await deliver(blue, red);
    // It seens `lost` (and follows blue's receipt of it, which waits for `lost` too).
    expect(back.find((r) => r.id === report.id)).toMatchObject({ status: 'waiting', reason: expect.stringMatching(/^(seen_unknown|seq_gap)/) });
    expect(await red.store.eventById(DIALOGUE, report.id)).toBeUndefined();
    const onRed = await forksOf(red.store, DIALOGUE);
    expect(onRed.reports).toEqual([expect.objectContaining({
      id: report.id, party: BLUE, forkedParty: RED, seq: lost.event.seq, events: [lost.id, signed.id], waiting: expect.stringMatching(/^(seen_unknown|seq_gap)/),
    })]);
  });

  it('a node that hosts no party of the dialogue keeps the proof and reports nothing', async () => {
    pair = await federatedPair(engine);
    const { red, blue } = pair;
    await red.node.postMessage({ dialogue: DIALOGUE, member: 'red-principal' as never, kind: 'informal', text: { en: 'Hello' } });
    await exchange(red, blue);
    const observer = await testNode('observer.node', engine);
    try {
      for (const [from, id] of [[red, RED], [blue, BLUE]] as const) await observer.store.putParty((await from.store.party(id))!);
      await observer.store.createDialogue((await red.store.dialogue(DIALOGUE))!);
      await deliver(red, observer);
      await deliver(blue, observer);
      const held = (await red.events()).find((s) => s.event.type === 'message.posted')!;
      const fork = forkOf(red, held.event, 'Goodbye');
      expect((await observer.inbox.ingest(DIALOGUE, [fork.event], red.name))[0]?.status).toBe('equivocation');
      expect((await observer.events()).some((s) => s.event.type === 'record.fork_reported')).toBe(false);
      expect((await forksOf(observer.store, DIALOGUE)).events).toHaveLength(1);
    } finally {
      await observer.close();
    }
  });
});
