// Events: a known-answer vector for the envelope bytes, id and signature, withheld bodies,
// the shape check of untrusted events, and the field-by-field envelope encoder against
// canonicalize (same bytes for every event, the same errors for every bad one).
import { createPublicKey, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from './canonical.js';
import { CanonicalizationError } from './errors.js';
import { sha256Hex } from './hash.js';
import {
  bodyHashOf, completeSignature, envelopeOf, envelopeText, eventIdOf, eventTexts, hasMatchingBody, hasValidSignature, isAwaitingSignature, leafDataOf,
  prepareEvent, signEvent, signingInput,
  type DialogueId, type EventHeader, type PartyId,
} from './event.js';
import { signingKeyFromSeed, verifyingKey } from './keys.js';
import { EventShapeError, parseSignedEvent } from './parse.js';

const key = signingKeyFromSeed(Buffer.alloc(32, 0x2a));
const header: EventHeader = {
  v: 1, dialogue: 'dlg-1' as DialogueId, party: 'p-ä' as PartyId, member: null, seq: 1, prev: null,
  seen: {}, time: '2026-01-31T12:00:00.000Z', type: 'message.posted',
};
const body = { text: 'héllo 😀\u2028', n: -7, z: [] };

describe('event', () => {
  const { event, id } = signEvent(header, body, key);

  it('signs the canonical envelope without sig and body (known answer)', () => {
    const bodyHash = sha256Hex('{"n":-7,"text":"héllo 😀\u2028","z":[]}');
    expect(event.bodyHash).toBe(bodyHash);
    const expected =
      `{"bodyHash":"${bodyHash}","dialogue":"dlg-1","member":null,"party":"p-ä","prev":null,"seen":{},` +
      '"seq":1,"time":"2026-01-31T12:00:00.000Z","type":"message.posted","v":1}';
    expect(signingInput(event).toString('utf8')).toBe(expected);
    expect(id).toBe(sha256Hex(expected));
    expect(eventIdOf(event)).toBe(id);
    // Checked with node:crypto directly, not through keys.ts.
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key.publicKey]);
    const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verify(null, Buffer.from(expected), publicKey, Buffer.from(event.sig, 'base64'))).toBe(true);
  });

  it('commits the Merkle leaf to the envelope with sig, without body', () => {
    const leaf = JSON.parse(leafDataOf(event).toString('utf8')) as Record<string, unknown>;
    expect(leaf.sig).toBe(event.sig);
    expect('body' in leaf).toBe(false);
    expect(envelopeText(event)).toBe(leafDataOf(event).toString('utf8'));
  });

  it('still verifies with the body withheld, and catches a changed body', () => {
    const { body: _omitted, ...withheld } = event;
    expect(hasValidSignature(withheld, verifyingKey(key.publicKey))).toBe(true);
    expect(hasMatchingBody(withheld)).toBe(true);
    expect(hasMatchingBody({ ...event, body: { ...body, n: -8 } })).toBe(false);
    expect(hasValidSignature({ ...event, seq: 2 }, verifyingKey(key.publicKey))).toBe(false);
    expect(bodyHashOf(body)).toBe(event.bodyHash);
  });

  it('refuses to sign a float', () => {
    expect(() => signEvent(header, { x: 0.5 }, key)).toThrow(/x: 0.5 is not an integer/);
  });

  it.each([
    ['v', { v: 2 }],
    ['seq', { seq: 0 }],
    ['prev', { seq: 2 }],
    ['prev', { prev: 'ABC' }],
    ['seen.p-ä', { seen: { 'p-ä': 'a'.repeat(64) } }],
    ['time', { time: '2026-01-31T12:00:00Z' }],
    ['sig', { sig: 'short' }],
    ['bodyHash', { bodyHash: 'A'.repeat(64) }],
    ['extra', { extra: 1 }],
  ])('shape check rejects a bad %s', (field, change) => {
    const check = () => parseSignedEvent({ ...event, ...change });
    expect(check).toThrow(EventShapeError);
    try {
      check();
    } catch (error) {
      expect((error as EventShapeError).field).toBe(field);
    }
  });

  it('shape check accepts a signed event as is', () => {
    expect(parseSignedEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });
});

describe('an event prepared now and signed later (e.g. on a worker thread)', () => {
  it('has its id and signing input before the signature, and ends byte for byte as signEvent makes it', () => {
    const signed = signEvent(header, body, key);
    const prepared = prepareEvent(header, body);
    expect(prepared.id).toBe(signed.id);
    expect(prepared.input.equals(signingInput(signed.event))).toBe(true);
    expect(prepared.event.sig).toBe('');
    expect(isAwaitingSignature(prepared.event)).toBe(true);

    completeSignature(prepared, key.sign(prepared.input));

    expect(isAwaitingSignature(prepared.event)).toBe(false);
    expect(prepared.event).toEqual(signed.event);
    expect(envelopeText(prepared.event)).toBe(envelopeText(signed.event));
    expect(envelopeText(prepared.event)).toBe(canonicalize(envelopeOf(signed.event)));
    expect(hasValidSignature(prepared.event, verifyingKey(key.publicKey))).toBe(true);
  });

  it('takes one signature of 64 bytes, once', () => {
    const prepared = prepareEvent(header, body);
    expect(() => completeSignature(prepared, Buffer.alloc(63))).toThrow(expect.objectContaining({ code: 'bad_signature' }));
    expect(prepared.event.sig).toBe('');
    completeSignature(prepared, key.sign(prepared.input));
    const first = prepared.event.sig;
    expect(() => completeSignature(prepared, Buffer.alloc(64))).toThrow(expect.objectContaining({ code: 'already_signed' }));
    expect(prepared.event.sig).toBe(first);
  });
});

describe('envelope texts written field by field', () => {
  const text = fc.string({ unit: 'binary', maxLength: 10 });
  const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
  const anyEvent = fc.record({
    v: fc.constant(1), dialogue: text, party: text, member: fc.option(text), seq: fc.maxSafeNat(), prev: fc.option(hex),
    seen: fc.dictionary(text, hex, { maxKeys: 3 }), time: text, type: text, bodyHash: hex, sig: text,
  });

  it('are canonicalize of the signing members and of the envelope, byte for byte', () => {
    fc.assert(fc.property(anyEvent, (e) => {
      const event = e as unknown as Parameters<typeof eventTexts>[0];
      const { v, dialogue, party, member, seq, prev, seen, time, type, bodyHash } = event;
      const texts = eventTexts(event);
      return texts.signing === canonicalize({ v, dialogue, party, member, seq, prev, seen, time, type, bodyHash }) &&
        texts.envelope === canonicalize(envelopeOf(event)) &&
        signingInput(event).toString('utf8') === texts.signing && envelopeText(event) === texts.envelope;
    }), { numRuns: 500 });
  });

  const lone = String.fromCharCode(0xd800);
  const bad: [string, Record<string, unknown>][] = [
    ['dialogue', { dialogue: `d${lone}` }], ['member', { member: lone }], ['seen.p-b', { seen: { 'p-b': lone } }],
    [`seen.${lone}`, { seen: { [lone]: 'a'.repeat(64) } }], ['seen', { seen: new Map() }], ['seq', { seq: 1.5 }], ['seq', { seq: -0 }],
    ['seq', { seq: 2 ** 53 }], ['v', { v: Number.NaN }], ['time', { time: undefined }], ['sig', { sig: lone }],
  ];

  it.each(bad)('refuse a bad %s with canonicalize\'s error, naming it', (path, change) => {
    const { event } = signEvent(header, body, key);
    const changed = { ...event, ...change } as typeof event;
    const error = (() => { try { eventTexts(changed); } catch (e) { return e; } return undefined; })();
    expect(error).toBeInstanceOf(CanonicalizationError);
    expect((error as CanonicalizationError).path).toBe(path);
    expect(() => canonicalize(envelopeOf(changed))).toThrow((error as Error).message);
  });
});
