// What the inbox accepts of another node's fork reports (body.ts): what this node's decider
// writes. Given any report the decider accepts, then its body passes; given a body no decider
// writes, then the check names the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PartyId } from '../../record/index.js';
import { bodySpec, words } from '../testing/body-spec.js';
import { DIALOGUE } from '../testing/decider-spec.js';
import { nodeActor } from '../types.js';
import { forkReports, type ForkEvidence } from './index.js';

const spec = bodySpec(forkReports);
const id = fc.stringMatching(/^[0-9a-f]{64}$/);
const root = fc.stringMatching(/^[A-Za-z0-9+/]{43}=$/);
const size = fc.integer({ min: 0, max: 2 ** 40 });
const evidence: fc.Arbitrary<ForkEvidence> = fc.oneof(
  fc.record({ kind: fc.constant('event' as const), party: fc.constantFrom('red', 'blue'), seq: fc.integer({ min: 1, max: 2 ** 40 }), events: fc.uniqueArray(id, { minLength: 2, maxLength: 2 }) as unknown as fc.Arbitrary<readonly [string, string]> }),
  fc.record({ kind: fc.constant('checkpoint' as const), origin: words(30).map((name) => `${name.replace(/\//g, '')}/${DIALOGUE.id}`), sizes: fc.tuple(size, size), roots: fc.tuple(root, root) }),
);
const kept = 'a'.repeat(64);
const good = { evidence: { kind: 'event', party: 'blue', seq: 7, events: [kept, 'b'.repeat(64)] }, source: 'blue.node', reason: 'two events at seq 7' };

describe('fork reports from another node', () => {
  it('given any report the decider accepts, when its body arrives, then it passes', () => {
    fc.assert(fc.property(evidence, words(60), words(200), fc.constantFrom('red', 'blue'), (found, source, reason, party) => {
      spec.lifecycle().decide(nodeActor(party as PartyId), { type: 'report', evidence: found, source: ` ${source} `, reason });
    }));
    spec.expectEveryTypeChecked();
  });

  it.each([
    ['evidence of no known kind', { ...good, evidence: { kind: 'rumour' } }, 'evidence_kind_unknown body.evidence.kind'],
    ['event ids that are one string', { ...good, evidence: { ...good.evidence, events: kept } }, 'events_invalid body.evidence.events'],
    ['one event id twice', { ...good, evidence: { ...good.evidence, events: [kept, kept] } }, 'events_invalid body.evidence.events'],
    ['a party not of the dialogue', { ...good, evidence: { ...good.evidence, party: 'green' } }, 'party_not_in_dialogue body.evidence.party'],
    ['an extra evidence field', { ...good, evidence: { ...good.evidence, note: 'x' } }, 'field_unknown body.evidence.note'],
    ['sizes that are a number', { ...good, evidence: { kind: 'checkpoint', origin: `n/${DIALOGUE.id}`, sizes: 5, roots: [] } }, 'sizes_invalid body.evidence.sizes'],
    ['a source that is not text', { ...good, source: 7 }, 'source_invalid body.source'],
    ['a reason not trimmed', { ...good, reason: ' two events ' }, 'body_invalid body.reason'],
    ['an extra field', { ...good, proof: 'x' }, 'field_unknown body.proof'],
  ])('refuses %s', (_case, body, expected) => {
    expect(spec.refusal('record.fork_reported', body)).toBe(expected);
  });

  it('passes the body the decider writes and a withheld one', () => {
    expect(spec.refusal('record.fork_reported', good)).toBeUndefined();
    expect(spec.refusal('record.fork_reported', undefined)).toBeUndefined();
  });
});
