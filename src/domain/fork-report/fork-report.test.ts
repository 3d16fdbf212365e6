import { describe, expect, it } from 'vitest';
import { checkPartyRight } from '../rights.js';
import { nodeActor } from '../types.js';
import { DIALOGUE, actor, recorded, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import type { PartyId } from '../../record/index.js';
import { forkReports, type ForkEvidence } from './index.js';

const fr = spec(forkReports);
const kept = 'a'.repeat(64);
const other = 'b'.repeat(64);
const rootA = `${'A'.repeat(43)}=`;
const rootB = `${'B'.repeat(43)}=`;
const eventFork = { kind: 'event', party: 'blue', seq: 7, events: [kept, other] } as const satisfies ForkEvidence;
const checkpointFork = { kind: 'checkpoint', origin: `blue.node/${DIALOGUE.id}`, sizes: [5, 4], roots: [rootA, rootB] } as const satisfies ForkEvidence;
const redNode = nodeActor('red' as PartyId);
const report = (evidence: ForkEvidence, reason = 'blue signed two events at seq 7') => ({ type: 'report' as const, evidence, source: 'blue.node', reason });
const reported: GivenEvent = { party: 'red', type: 'record.fork_reported', body: { evidence: { ...eventFork, events: [kept, other] }, source: 'blue.node', reason: 'blue signed two events at seq 7' } };

describe('reporting a fork on the record', () => {
  it('given nothing, when red\'s node reports blue\'s two events at one seq, then record.fork_reported names the party, seq and both ids', () => {
    fr.given().when(redNode, report(eventFork, '  blue signed two events at seq 7 '))
      .then([{ type: 'record.fork_reported', body: { evidence: { kind: 'event', party: 'blue', seq: 7, events: [kept, other] }, source: 'blue.node', reason: 'blue signed two events at seq 7' } }]);
  });

  it('when a node reports inconsistent checkpoints of a log of this dialogue, then it names the origin, both sizes and both roots', () => {
    fr.given().when(redNode, report(checkpointFork, 'offered size 4 is smaller than the cosigned size 5'))
      .then([{ type: 'record.fork_reported', body: { evidence: { kind: 'checkpoint', origin: `blue.node/${DIALOGUE.id}`, sizes: [5, 4], roots: [rootA, rootB] }, source: 'blue.node', reason: 'offered size 4 is smaller than the cosigned size 5' } }]);
  });

  it('any party of the dialogue may report (blue too), a party outside it may not', () => {
    fr.given().when(nodeActor('blue' as PartyId), report(eventFork)).then(expect.any(Array) as never);
    fr.given().when(actor('green', 'principal'), report(eventFork)).thenError('party_not_in_dialogue');
  });

  it('refuses malformed evidence, naming the field', () => {
    fr.given().when(redNode, report({ ...eventFork, party: 'green' })).thenError('party_not_in_dialogue', 'evidence.party');
    fr.given().when(redNode, report({ ...eventFork, seq: 0 })).thenError('seq_invalid', 'evidence.seq');
    fr.given().when(redNode, report({ ...eventFork, events: [kept, kept] as const })).thenError('events_invalid', 'evidence.events');
    fr.given().when(redNode, report({ ...eventFork, events: [kept, 'not-an-id'] as const })).thenError('events_invalid', 'evidence.events');
    fr.given().when(redNode, report({ ...checkpointFork, origin: 'blue.node/another-dialogue' })).thenError('origin_invalid', 'evidence.origin');
    fr.given().when(redNode, report({ ...checkpointFork, sizes: [5, -1] as const })).thenError('sizes_invalid', 'evidence.sizes');
    fr.given().when(redNode, report({ ...checkpointFork, roots: [rootA, 'x'] as const })).thenError('roots_invalid', 'evidence.roots');
    fr.given().when(redNode, report(eventFork, '   ')).thenError('reason_missing', 'reason');
    fr.given().when(redNode, { ...report(eventFork), source: '' }).thenError('source_invalid', 'source');
  });

  it('given a report, then it is not recorded twice', () => {
    fr.given([reported]).when(redNode, report(eventFork)).thenError('already_recorded');
  });

  it('given a report, its state keeps the evidence, indexed under the other event and the party that forked', () => {
    const state = stateOf(forkReports, [reported])!;
    expect(state).toEqual({
      id: 'e1', status: 'reported', party: 'red', member: null, at: state.at, kind: 'event', forkedParty: 'blue', seq: 7,
      events: [kept, other], origin: null, sizes: null, roots: null, source: 'blue.node', reason: 'blue signed two events at seq 7',
    });
    expect(forkReports.index(state)).toEqual({ status: 'reported', parent: other, party: 'blue', date: state.at });
  });

  it('a withheld or odd body still records that a fork was reported', () => {
    expect(stateOf(forkReports, [{ ...reported, body: undefined as never }])).toMatchObject({ status: 'reported', kind: null, events: null, reason: null });
    expect(stateOf(forkReports, [{ ...reported, body: { evidence: { kind: 'event', seq: 'x', events: [1] } } }])).toMatchObject({ kind: 'event', seq: null, events: null });
  });

  it('another node takes it from any party of the dialogue, with no member (its node records it)', () => {
    for (const party of ['red', 'blue']) {
      const [event] = recorded([{ ...reported, party }]);
      expect(() => checkPartyRight({ event: { ...event!, member: null }, dialogue: DIALOGUE })).not.toThrow();
    }
    const [outsider] = recorded([{ ...reported, party: 'green' }]);
    expect(() => checkPartyRight({ event: { ...outsider!, member: null }, dialogue: DIALOGUE })).toThrow(/not a party/);
  });
});
