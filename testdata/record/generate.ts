/**
 * Generates the golden transcript vectors in testdata/record/: a valid two-party transcript,
 * a copy with bodies withheld, and tampered copies, each naming the failure it must cause.
 * Deterministic (fixed seeds, fixed times): `npx tsx testdata/record/generate.ts` rewrites the
 * files, and src/record/transcript.test.ts checks the files still equal this output.
 *
 * Vector file: { name, description, expect, transcript, proofs? } where `expect` is
 * { valid: true, withheld } or { code, index } (index null for checkpoint failures).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildTranscript, nextChainFields, sha256, signCheckpoint, signEvent, signingInput, signingKeyFromSeed,
  verifierKeyString, leafDataOf, hashLeaf, type ChainHeads, type EventHeader, type EventId, type Json, type PartyId,
  type DialogueId, type MemberId, type SignedEvent, type SigningKey, type Transcript, type TranscriptInput,
} from '../../src/record/index.js';
import { referenceConsistencyProof, referenceInclusionProof, referenceRoot } from '../../src/record/merkle/reference.js';

export type Expectation = { valid: true; withheld: number } | { code: string; index: number | null };
export interface Vector {
  readonly name: string;
  readonly description: string;
  readonly expect: Expectation;
  readonly transcript: Transcript;
  readonly proofs?: { inclusion: { index: number; proof: string[] }; consistency: { from: number; fromRoot: string; proof: string[] } };
}

const seed = (label: string): Buffer => sha256(`parley-golden/${label}`);
const DIALOGUE = 'dlg-0001' as DialogueId;
const NODE = 'node-a.example';
const ORIGIN = `${NODE}/${DIALOGUE}`;
const A = 'p-aurora' as PartyId;
const B = 'p-borealis' as PartyId;
/** The parties' signing keys, for tests that need to forge well-signed bad events. */
export const goldenKeys: Readonly<Record<string, SigningKey>> = { [A]: signingKeyFromSeed(seed('party-a')), [B]: signingKeyFromSeed(seed('party-b')) };
const keys = goldenKeys;
const logSigner = { name: ORIGIN, key: signingKeyFromSeed(seed('log')) };
const outsider = signingKeyFromSeed(seed('outsider'));
const parties: TranscriptInput['parties'] = [
  { id: A, name: { en: 'Aurora Council', 'zh-Hant': '極光議會' }, publicKey: keys[A]!.publicKey },
  { id: B, name: { en: 'Borealis Federation', ru: 'Федерация Бореалис' }, publicKey: keys[B]!.publicKey },
];
const logKey = verifierKeyString(logSigner.name, logSigner.key.publicKey);

/** [author, member, type, body] in log order. */
const SCRIPT: [PartyId, string | null, string, Json][] = [
  [A, null, 'dialogue.opened', { title: { en: 'Water sharing', 'zh-Hans': '水资源共享' }, rounds: 3 }],
  [B, 'm-b1', 'message.posted', { text: 'Greetings 👋🏽 from the north — 🇳🇴', lang: 'en' }],
  [A, 'm-a1', 'message.posted', { text: '你好，很高兴见到你。日本語もOK。한국어', lang: 'zh' }],
  [A, 'm-a2', 'working_group.proposed', { name: 'Rivers', 'членство': ['m-a2', 'm-b1'], quorum: 2 }],
  [B, 'm-b1', 'working_group.accepted', { proposal: 'see prev', 'clé': 'é vs e\u0301 (combining)' }],
  [B, 'm-b2', 'message.posted', { text: 'line\u2028separator and paragraph\u2029separator', lang: 'en' }],
  [A, 'm-a1', 'message.posted', { text: 'controls: \u0000\u0001\u0008\t\n\u000b\f\r\u001f\u007f\u0080 "quoted" \\ /', lang: 'en' }],
  [A, 'm-a1', 'position.shared', { lat: -339_123_456, lon: 1_512_345_678, note: 'scaled 1e-7°' }],
  [B, 'm-b2', 'meeting.scheduled', { at: '2026-03-01T09:00:00.000Z', where: 'Tromsø', attendees: [] }],
  [A, 'm-a2', 'commitment.made', { what: 'share gauge data', due: '2026-04-01', amounts: [0, -1, 9007199254740991, -9007199254740991] }],
  [B, 'm-b1', 'message.posted', { text: '😀\ud83d\ude00 𝄞 Ω≈ç√ ﷽', nested: { deep: { deeper: [true, false, null] } } }],
  [B, 'm-b1', 'commitment.delivered', { ref: 'gauge data', '': 'empty key', '\u20ac': 'euro key' }],
  [A, null, 'message.posted', { text: 'Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319 zalgo', lang: 'und' }],
  [B, 'm-b2', 'message.posted', { text: 'last word', lang: 'en' }],
];

function buildEvents(): SignedEvent[] {
  const heads = new Map<PartyId, { seq: number; id: EventId }>();
  return SCRIPT.map(([party, member, type, body], i) => {
    const chain = nextChainFields(party, heads as ChainHeads);
    const time = new Date(Date.UTC(2026, 0, 31, 12, 0, 0) + i * 61_001).toISOString();
    const header: EventHeader = { v: 1, dialogue: DIALOGUE, party, member: member as MemberId | null, ...chain, time, type };
    const { event, id } = signEvent(header, body, keys[party]!);
    heads.set(party, { seq: chain.seq, id });
    return event;
  });
}

function checkpointFor(events: readonly SignedEvent[], signer = logSigner, origin = ORIGIN): string {
  const root = referenceRoot(events.map((e) => hashLeaf(leafDataOf(e))));
  return signCheckpoint({ origin, size: events.length, root }, signer);
}

function transcriptOf(events: SignedEvent[], overrides: Partial<Transcript> = {}, withholdTypes?: string[]): Transcript {
  return { ...buildTranscript({ origin: ORIGIN, parties, logKey, events, checkpoint: checkpointFor(events), withholdTypes }), ...overrides };
}

function idOf(e: SignedEvent): string {
  return sha256(signingInput(e)).toString('hex');
}

function resign(e: SignedEvent, changes: Partial<SignedEvent>, key = keys[changes.party ?? e.party]!): SignedEvent {
  const next = { ...e, ...changes };
  return { ...next, sig: key.sign(signingInput(next)).toString('base64') };
}

function flipHexBit(hex: string): string {
  const bytes = Buffer.from(hex, 'hex');
  bytes[7]! ^= 0x10;
  return bytes.toString('hex');
}

function proofsOf(events: readonly SignedEvent[]): Vector['proofs'] {
  const leaves = events.map((e) => hashLeaf(leafDataOf(e)));
  const from = 5;
  return {
    inclusion: { index: 6, proof: referenceInclusionProof(6, leaves).map((h) => h.toString('base64')) },
    consistency: { from, fromRoot: referenceRoot(leaves.slice(0, from)).toString('base64'), proof: referenceConsistencyProof(from, leaves).map((h) => h.toString('base64')) },
  };
}

/** Every vector, by file name (without .json). */
export function goldenVectors(): Vector[] {
  const events = buildEvents();
  const withheldTypes = ['message.posted', 'position.shared'];
  const withheldCount = events.filter((e) => withheldTypes.includes(e.type)).length;
  const vectors: Vector[] = [
    { name: 'valid', description: 'two parties, 14 events, every body present', expect: { valid: true, withheld: 0 }, transcript: transcriptOf(events), proofs: proofsOf(events) },
    { name: 'valid-withheld', description: 'the same record with message and position bodies withheld', expect: { valid: true, withheld: withheldCount }, transcript: transcriptOf(events, {}, withheldTypes) },
  ];
  const tampered = (name: string, description: string, code: string, index: number | null, list: SignedEvent[], overrides: Partial<Transcript> = {}): void => {
    // The checkpoint is re-signed over the tampered list, so only the named check can catch it.
    vectors.push({ name: `tampered-${name}`, description, expect: { code, index }, transcript: transcriptOf(list, overrides) });
  };
  const replaced = (i: number, e: SignedEvent): SignedEvent[] => events.map((x, j) => (j === i ? e : x));

  const e2 = events[2]!;
  const text = (e2.body as { text: string }).text;
  const flipped = String.fromCharCode(text.charCodeAt(0) ^ 1) + text.slice(1);
  tampered('body-bit', 'one bit flipped in a body', 'body_hash_mismatch', 2, replaced(2, { ...e2, body: { ...(e2.body as object), text: flipped } }));

  const sig = Buffer.from(events[4]!.sig, 'base64');
  sig[10]! ^= 0x01;
  tampered('signature-bit', 'one bit flipped in a signature', 'signature_invalid', 4, replaced(4, { ...events[4]!, sig: sig.toString('base64') }));

  const e6 = events[6]!;
  tampered('prev-bit', 'one bit flipped in prev', 'signature_invalid', 6, replaced(6, { ...e6, prev: flipHexBit(e6.prev!) as EventId }));
  tampered('prev-bit-resigned', 'prev altered and re-signed by its author (a forked chain)', 'chain_prev_mismatch', 6,
    replaced(6, resign(e6, { prev: flipHexBit(e6.prev!) as EventId })));

  // events 6 and 7 are A's seq 4 and 5.
  tampered('reordered', "two of a party's events swapped", 'chain_seq_mismatch', 6, events.map((e, j) => (j === 6 ? events[7]! : j === 7 ? e6 : e)));

  // Drop A's event 3 (seq 3): event 4 (B) has seen it, so B's reference is the first to break.
  tampered('dropped', 'an event left out', 'seen_not_earlier', 3, events.filter((_, j) => j !== 3));
  tampered('duplicated', 'an event repeated', 'duplicate_event', 6, [...events.slice(0, 6), events[5]!, ...events.slice(6)]);
  tampered('wrong-key', 'an event signed by a key that is not its party\'s', 'signature_invalid', 8, replaced(8, resign(events[8]!, {}, outsider)));
  tampered('claims-other-party', "party B signs an event that claims to be party A's", 'signature_invalid', 9, replaced(9, resign(events[9]!, {}, keys[B])));

  tampered('wrong-origin', 'transcript origin names another node', 'checkpoint_origin_mismatch', null, events, {
    origin: `node-z.example/${DIALOGUE}`,
  });
  vectors.push({
    name: 'tampered-wrong-dialogue', description: 'transcript origin names another dialogue', expect: { code: 'wrong_dialogue', index: 0 },
    transcript: { ...transcriptOf(events), origin: `${NODE}/dlg-0002` },
  });
  tampered('checkpoint-size', 'checkpoint for one event fewer', 'checkpoint_size_mismatch', null, events, { checkpoint: checkpointFor(events.slice(0, -1)) });
  tampered('checkpoint-other-key', 'checkpoint signed by another key under the same name', 'note_no_known_signature', null, events, {
    checkpoint: checkpointFor(events, { name: ORIGIN, key: outsider }),
  });
  tampered('checkpoint-root', 'checkpoint with the right size over other events', 'checkpoint_root_mismatch', null, events, {
    checkpoint: checkpointFor(replaced(13, resign(events[13]!, { time: '2026-01-31T12:30:00.000Z' }))),
  });

  // Event 5 (B) claims to have seen A's event 6, which comes later.
  tampered('seen-forward', 'seen names an event later in the log', 'seen_not_earlier', 5, replaced(5, resign(events[5]!, { seen: { [A]: idOf(events[6]!) as EventId } })));
  // Event 10 (B) goes back to A's event 0 after B's event 8 had seen A's event 7.
  tampered('seen-backwards', 'seen goes back to an older event', 'seen_backwards', 10, replaced(10, resign(events[10]!, { seen: { [A]: idOf(events[0]!) as EventId } })));
  return vectors;
}

/** The bytes of a vector file. */
export function vectorFileText(v: Vector): string {
  return JSON.stringify(v, null, 2) + '\n';
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  for (const v of goldenVectors()) writeFileSync(`${dir}transcript-${v.name}.json`, vectorFileText(v));
  console.log(`wrote ${goldenVectors().length} vectors to ${dir}`);
}
