// Transcripts: every golden vector in testdata/record (valid and tampered), the generator's
// determinism, streaming and deferred-signature verification, and header rejections.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldenKeys, goldenVectors, vectorFileText, type Vector } from '../../testdata/record/generate.js';
import { signCheckpoint } from './checkpoint.js';
import { leafDataOf, signEvent, signingInput, type DialogueId, type EventHeader, type EventId, type PartyId } from './event.js';
import { signingKeyFromSeed, verifyingKey } from './keys.js';
import { hashLeaf } from './merkle/index.js';
import { referenceRoot } from './merkle/reference.js';
import { verifierKeyString } from './note.js';
import { TranscriptError } from './transcript.js';
import { signatureError, TranscriptVerifier, verifyTranscript, type SignatureTask } from './transcript-verifier.js';

const DIR = new URL('../../testdata/record/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.startsWith('transcript-') && f.endsWith('.json')).sort();
const load = (file: string): Vector => JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as Vector;

function failureOf(fn: () => unknown): TranscriptError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TranscriptError) return error;
    throw error;
  }
  throw new Error('expected a TranscriptError, but it verified');
}

describe('golden transcript vectors', () => {
  it('are what generate.ts produces (regenerate with npx tsx testdata/record/generate.ts)', () => {
    const generated = goldenVectors();
    expect(files).toEqual(generated.map((v) => `transcript-${v.name}.json`).sort());
    for (const v of generated) expect(readFileSync(new URL(`transcript-${v.name}.json`, DIR), 'utf8')).toBe(vectorFileText(v));
  });

  it('include at least 12 tampered cases', () => {
    expect(files.filter((f) => f.includes('tampered')).length).toBeGreaterThanOrEqual(12);
  });

  it.each(files)('%s', (file) => {
    const vector = load(file);
    if ('valid' in vector.expect) {
      const summary = verifyTranscript(vector.transcript);
      expect(summary).toMatchObject({
        origin: 'node-a.example/dlg-0001', events: 14, size: 14, withheld: vector.expect.withheld,
        perParty: { 'p-aurora': 7, 'p-borealis': 7 }, checkpointSigner: 'node-a.example/dlg-0001',
      });
      expect(vector.transcript.checkpoint).toContain(`\n14\n${summary.root}\n\n— `);
    } else {
      const error = failureOf(() => verifyTranscript(vector.transcript));
      expect({ code: error.code, index: error.index ?? null }).toEqual(vector.expect);
      if (error.index !== undefined) expect(error.message).toMatch(new RegExp(`^event ${error.index} \\(party p-`));
    }
  });
});

describe('TranscriptVerifier', () => {
  const valid = load('transcript-valid.json').transcript;
  const { events, checkpoint, ...header } = valid;

  it('hands back signature tasks in deferred mode', () => {
    const verifier = new TranscriptVerifier(header, { signatures: 'deferred' });
    const tasks = events.map((e) => verifier.add(e)) as SignatureTask[];
    expect(tasks.every((t) => verifyingKey(t.publicKey).verify(t.message, t.signature))).toBe(true);
    expect(verifier.finish(checkpoint).events).toBe(14);
  });

  it('lets the caller report a failed deferred signature', () => {
    const bad = load('transcript-tampered-signature-bit.json').transcript;
    const verifier = new TranscriptVerifier(header, { signatures: 'deferred' });
    const failed = bad.events.map((e) => verifier.add(e)!).filter((t) => !verifyingKey(t.publicKey).verify(t.message, t.signature));
    expect(failed.map((t) => t.index)).toEqual([4]);
    const error = signatureError(failed[0]!);
    expect([error.code, error.index, error.party, error.seq]).toEqual(['signature_invalid', 4, 'p-borealis', 2]);
  });

  it.each(files.filter((f) => f.includes('tampered')))('deferred mode finds the same first failure in %s', (file) => {
    const vector = load(file);
    const { events: list, checkpoint: note, ...h } = vector.transcript;
    const failure = failureOf(() => {
      const verifier = new TranscriptVerifier(h, { signatures: 'deferred' });
      for (const e of list) {
        const task = verifier.add(e);
        // A pool would run these later; the earliest failure by index still wins.
        if (task && !verifyingKey(task.publicKey).verify(task.message, task.signature)) throw signatureError(task);
      }
      verifier.finish(note);
    });
    expect({ code: failure.code, index: failure.index ?? null }).toEqual(vector.expect);
  });

  it('names expected and actual values', () => {
    const error = failureOf(() => verifyTranscript(load('transcript-tampered-reordered.json').transcript));
    expect(error.message).toMatch(/^event 6 \(party p-aurora, seq 5, type position.shared\): .*\(expected 4, got 5\)$/);
    expect([error.expected, error.actual, error.party, error.seq, error.type]).toEqual(['4', '5', 'p-aurora', 5, 'position.shared']);
  });

  it('rejects an unlisted party, a malformed event and a float in a body', () => {
    const v = () => new TranscriptVerifier(header);
    expect(failureOf(() => v().add({ ...events[0]!, party: 'p-nobody' })).code).toBe('unknown_party');
    expect(failureOf(() => v().add({ ...events[0]!, seq: 0 }))).toMatchObject({ code: 'event_malformed', index: 0 });
    expect(failureOf(() => v().add({ ...events[0]!, body: { x: 1.5 } }))).toMatchObject({ code: 'non_canonical_value', index: 0 });
    const forged = { ...events[0]!, seen: { 'p-nobody': events[0]!.bodyHash as EventId } };
    const signed = { ...forged, sig: goldenKeys['p-aurora']!.sign(signingInput(forged)).toString('base64') };
    expect(failureOf(() => v().add(signed))).toMatchObject({ code: 'unknown_party', index: 0 });
    // An event failing a later check with a bad signature too reports the signature, in both modes.
    expect(failureOf(() => v().add(forged)).code).toBe('signature_invalid');
    expect(failureOf(() => new TranscriptVerifier(header, { signatures: 'deferred' }).add(forged)).code).toBe('signature_invalid');
  });

  it.each([
    ['not an object', []],
    ['another format', { ...header, format: 'parley-transcript/2' }],
    ['no parties', { ...header, parties: [] }],
    ['a short party key', { ...header, parties: [{ ...header.parties[0]!, publicKey: 'AAAA' }] }],
    ['a party listed twice', { ...header, parties: [header.parties[0]!, header.parties[0]!] }],
    ['a bad log key', { ...header, logKey: 'x+00000000+AQ==' }],
    ['an origin without dialogue', { ...header, origin: 'node-a.example' }],
    ['an unknown field', { ...header, extra: 1 }],
  ])('rejects a header with %s', (_what, h) => {
    expect(failureOf(() => new TranscriptVerifier(h)).code).toBe('transcript_malformed');
  });

  it('verifies a long stream against a checkpoint built independently', () => {
    const key = signingKeyFromSeed(Buffer.alloc(32, 9));
    const log = { name: 'n.example/d-long', key: signingKeyFromSeed(Buffer.alloc(32, 10)) };
    const h = {
      format: 'parley-transcript/1', origin: log.name, logKey: verifierKeyString(log.name, log.key.publicKey),
      parties: [{ id: 'p-solo', name: { en: 'Solo' }, publicKey: key.publicKey.toString('base64') }],
    };
    const verifier = new TranscriptVerifier(h);
    const leaves: Buffer[] = [];
    let prev: EventId | null = null;
    for (let seq = 1; seq <= 1000; seq++) {
      const header: EventHeader = {
        v: 1, dialogue: 'd-long' as DialogueId, party: 'p-solo' as PartyId, member: null, seq, prev, seen: {},
        time: '2026-02-01T00:00:00.000Z', type: 'message.posted',
      };
      const { event, id } = signEvent(header, { n: seq }, key);
      verifier.add(event);
      leaves.push(hashLeaf(leafDataOf(event)));
      prev = id;
    }
    const note = signCheckpoint({ origin: log.name, size: 1000, root: referenceRoot(leaves) }, log);
    expect(verifier.finish(note)).toMatchObject({ events: 1000, size: 1000, root: referenceRoot(leaves).toString('base64') });
    expect(() => verifier.add({})).toThrow(/after finish/);
  });
});
