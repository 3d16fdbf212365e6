// Verified ingest (issue 6, item 4) between two real in-process nodes, each with its own
// database, on SQLite and PostgreSQL: what is appended, what waits, what is refused and
// recorded, and that the nodes converge to equal state digests.
import { afterEach, describe, expect, it } from 'vitest';
import type { HotlineCallState, MessageState } from '../domain/index.js';
import type { LiveNotice } from '../node/index.js';
import {
  canonicalize, generateSigningKey, hasValidSignature, nextChainFields, signEvent, verifyingKey,
  type ChainHead, type EventId, type Json, type PartyId, type SignedEvent, type SigningKey,
} from '../record/index.js';
import {
  BLUE, DIALOGUE, RED, deliver, exchange, federatedPair, type Engine, type TestNode,
} from './testing/federated-nodes.js';
import { FederationInbox } from './inbox.js';

const engines: Engine[] = ['sqlite', 'postgres'];
const text = (en: string) => ({ en });

describe.each(engines)('FederationInbox on %s', (engine) => {
  let pair: Awaited<ReturnType<typeof federatedPair>> | undefined;
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
  });

  async function setUp() {
    pair = await federatedPair(engine);
    return pair;
  }

  /** Signs an event as `party` of `node` would next, from `node`'s heads, without storing it. */
  async function forge(node: TestNode, party: PartyId, type: string, body: Json, options: { member?: string | null; key?: SigningKey } = {}) {
    const heads = await node.store.withDialogue(DIALOGUE, (tx) => tx.heads());
    const chain = nextChainFields(party, heads);
    const key = options.key ?? node.keys.partyKey(party) ?? generateSigningKey().key;
    return signEvent({
      v: 1, dialogue: DIALOGUE, party, member: (options.member === undefined ? `${party}-principal` : options.member) as never,
      ...chain, time: node.clock.now().toISOString(), type,
    }, body, key);
  }

  it('given red opened the dialogue and posted, when blue\'s node ingests red\'s log, then blue joins and receipts, and after the exchange both digests are equal', async () => {
    const { red, blue } = await setUp();
    await red.node.postMessage({ dialogue: DIALOGUE, member: 'red-principal' as never, kind: 'informal', text: text('Hello blue') });
    const results = await deliver(red, blue);
    expect(results.map((r) => r.status)).toEqual(['appended', 'appended']);
    const types = (await blue.events()).map((s) => `${s.event.party}:${s.event.type}`);
    expect(types).toEqual(['red:dialogue.opened', 'blue:dialogue.joined', 'red:message.posted', 'blue:message.delivered']);
    const posted = (await blue.events())[2]!;
    const message = await blue.store.aggregates.aggregate<MessageState>(DIALOGUE, 'message', posted.id);
    expect(message?.state.recipients[BLUE]?.deliveredAt).not.toBeNull();

    await exchange(red, blue);
    expect((await red.events()).map((s) => s.id).sort()).toEqual((await blue.events()).map((s) => s.id).sort());
    expect((await red.node.stateDigest(DIALOGUE)).digest).toBe((await blue.inbox.stateDigest(DIALOGUE)).digest);
    expect(await red.store.rejections(DIALOGUE)).toEqual([]);
  });

  it('given a hotline call placed on red\'s node, when it reaches blue\'s node, then blue\'s node receipts it, a blue duty officer acknowledges, and red sees the acknowledgement', async () => {
    const { red, blue } = await setUp();
    await exchange(red, blue);
    const call = await red.act<HotlineCallState>('red-duty', 'hotline_call', {
      type: 'place', to: BLUE, precedence: 'flash', subject: text('Incident'), message: text('Please call back'),
    });
    expect(call.state.deliveredAt).toBeNull();
    await deliver(red, blue);
    const delivered = await blue.store.aggregates.aggregate<HotlineCallState>(DIALOGUE, 'hotline_call', call.id);
    expect(delivered?.state.status).toBe('delivered');
    await blue.act('blue-duty', 'hotline_call', { type: 'acknowledge' }, call.id);
    await exchange(red, blue);
    const seenByRed = await red.store.aggregates.aggregate<HotlineCallState>(DIALOGUE, 'hotline_call', call.id);
    expect(seenByRed?.state).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'blue-duty' });
    expect((await red.node.stateDigest(DIALOGUE)).digest).toBe((await blue.node.stateDigest(DIALOGUE)).digest);
  });

  it('given an event delivered again (a replay), then it is a duplicate and nothing changes', async () => {
    const { red, blue } = await setUp();
    await exchange(red, blue);
    const before = await blue.store.log(DIALOGUE);
    const digest = await blue.node.stateDigest(DIALOGUE);
    const results = await deliver(red, blue);
    expect(results.every((r) => r.status === 'duplicate')).toBe(true);
    expect(await blue.store.log(DIALOGUE)).toEqual(before);
    expect(await blue.node.stateDigest(DIALOGUE)).toEqual(digest);
  });

  it('given a gap in red\'s sequence, then the later events wait, and are applied once the gap is filled', async () => {
    const { red, blue } = await setUp();
    for (const en of ['one', 'two', 'three']) {
      await red.node.postMessage({ dialogue: DIALOGUE, member: 'red-principal' as never, kind: 'informal', text: text(en) });
    }
    const events = (await red.events()).map((s) => s.event);
    const [opened, first, second, third] = events;
    expect((await blue.inbox.ingest(DIALOGUE, [opened!, third!], 'red.node')).map((r) => r.status)).toEqual(['appended', 'waiting']);
    expect((await blue.inbox.ingest(DIALOGUE, [second!], 'red.node'))[0]).toMatchObject({ status: 'waiting', reason: expect.stringMatching(/^seq_gap/) });
    expect((await blue.store.inbox.pending(DIALOGUE)).map((p) => p.event.seq).sort()).toEqual([3, 4]);
    expect((await blue.inbox.ingest(DIALOGUE, [first!], 'red.node'))[0]?.status).toBe('appended');
    expect(await blue.store.inbox.pending(DIALOGUE)).toEqual([]);
    const held = (await blue.events()).filter((s) => s.event.party === RED).map((s) => s.event.seq);
    expect(held).toEqual([1, 2, 3, 4]);
    await exchange(red, blue);
    expect((await red.node.stateDigest(DIALOGUE)).digest).toBe((await blue.node.stateDigest(DIALOGUE)).digest);
  });

  it('given red\'s events refused while blue\'s waiting list was full, when blue\'s operator retries once the gap is filled, then they are appended and their rows resolved; a forged one stays refused with its one row', async () => {
    const { red, blue } = await setUp();
    for (const en of ['one', 'two', 'three', 'four']) {
      await red.node.postMessage({ dialogue: DIALOGUE, member: 'red-principal' as never, kind: 'informal', text: text(en) });
    }
    const [opened, first, second, third, fourth] = (await red.events()).map((s) => s.event);
    const { event: forged } = await forge(red, RED, 'message.posted', { kind: 'informal', text: text('forged') }, { key: generateSigningKey().key });
    const inbox = new FederationInbox(blue.node, { maxPending: 1 });
    // Given: red's first message missing, its second waits and fills the list; the third and fourth are refused.
    expect((await inbox.ingest(DIALOGUE, [opened!, second!, third!, fourth!, forged], 'red.node')).map((r) => r.reason?.split(':')[0] ?? r.status))
      .toEqual(['appended', 'seq_gap', 'pending_full', 'pending_full', 'signature_invalid']);
    const redSeqs = async () => (await blue.events()).filter((s) => s.event.party === RED).map((s) => s.event.seq);

    // A retry while the gap is still there refuses them again for the same reason: no new row, nothing resolved.
    const early = await inbox.retryRefused(DIALOGUE);
    expect(early.map((r) => [r.status, r.reason?.split(':')[0], r.source, r.rows])).toEqual([
      ['rejected', 'signature_invalid', 'red.node', 1], ['rejected', 'pending_full', 'red.node', 1], ['rejected', 'pending_full', 'red.node', 1],
    ]);
    expect(await blue.store.rejections(DIALOGUE)).toHaveLength(3);
    expect(await blue.store.openRejections(DIALOGUE)).toHaveLength(3);

    // The gap is filled: the first and the waiting second are applied; the refused ones are not (a pull has passed them).
    await inbox.ingest(DIALOGUE, [first!], 'red.node');
    expect(await redSeqs()).toEqual([1, 2, 3]);

    // When: the operator retries. Then: the third and fourth are appended, the forged one refused again.
    const digestBefore = (await blue.node.stateDigest(DIALOGUE)).digest;
    const retried = await inbox.retryRefused(DIALOGUE);
    expect(retried.map((r) => [r.status, r.reason?.split(':')[0]])).toEqual([['rejected', 'signature_invalid'], ['appended', undefined], ['appended', undefined]]);
    expect(await redSeqs()).toEqual([1, 2, 3, 4, 5]);
    expect((await blue.node.stateDigest(DIALOGUE)).digest).not.toBe(digestBefore);
    expect((await blue.store.rejections(DIALOGUE)).map((r) => [r.reason.split(':')[0], r.resolution])).toEqual([
      ['signature_invalid', undefined], ['pending_full', 'appended'], ['pending_full', 'appended'],
    ]);
    expect((await blue.store.openRejections(DIALOGUE)).map((r) => r.reason.split(':')[0])).toEqual(['signature_invalid']);

    // A second retry changes nothing; the nodes converge on red's genuine events.
    const log = await blue.store.log(DIALOGUE);
    expect((await inbox.retryRefused(DIALOGUE)).map((r) => r.status)).toEqual(['rejected']);
    expect(await blue.store.log(DIALOGUE)).toEqual(log);
    expect(await blue.store.rejections(DIALOGUE)).toHaveLength(3);
    await exchange(red, blue);
    expect((await red.node.stateDigest(DIALOGUE)).digest).toBe((await blue.node.stateDigest(DIALOGUE)).digest);
    await expect(inbox.retryRefused('nope' as never)).rejects.toMatchObject({ code: 'dialogue_not_found' });
    // One retry of a dialogue at a time on a node: a second, even through another inbox, is refused.
    const [one, another] = await Promise.allSettled([inbox.retryRefused(DIALOGUE), new FederationInbox(blue.node).retryRefused(DIALOGUE)]);
    expect(one.status).toBe('fulfilled');
    expect(another).toMatchObject({ status: 'rejected', reason: { code: 'retry_running' } });
    expect((await inbox.retryRefused(DIALOGUE)).map((r) => r.status)).toEqual(['rejected']);
  });

  it('given an event refused twice for one reason (pushed and pulled), then it has one row; a retry takes it in, finds it held, or records a new row for a new reason', async () => {
    const { red, blue } = await setUp();
    await red.node.postMessage({ dialogue: DIALOGUE, member: 'red-principal' as never, kind: 'informal', text: text('one') });
    const [opened, posted] = (await red.events()).map((s) => s.event);
    await blue.inbox.ingest(DIALOGUE, [opened!], 'red.node');
    const payload = canonicalize(posted!);
    const added = [];
    for (const time of ['2026-11-30T01:00:00.000Z', '2026-11-30T02:00:00.000Z']) {
      added.push(await blue.store.recordRejection({ dialogue: DIALOGUE, source: 'red.node', reason: 'type_unknown: message.posted', payload, time }));
    }
    expect(added).toEqual([true, false]);
    // A row that keeps only a prefix of what arrived cannot be offered again.
    await blue.store.recordRejection({ dialogue: DIALOGUE, source: 'red.node', reason: 'too_large: 300000 bytes, at most 262144', payload: payload.slice(0, 40), time: '2026-11-30T03:00:00.000Z' });
    const retried = await blue.inbox.retryRefused(DIALOGUE);
    expect(retried).toEqual([{ id: expect.any(String), status: 'appended', source: 'red.node', rows: 1 }]);
    expect((await blue.store.rejections(DIALOGUE)).map((r) => r.resolution)).toEqual(['appended', undefined]);

    // The same event held and offered again: the row resolves as a duplicate.
    await blue.store.recordRejection({ dialogue: DIALOGUE, source: 'red.node', reason: 'party_key_unknown: no pinned key for red', payload, time: '2026-11-30T04:00:00.000Z' });
    expect((await blue.inbox.retryRefused(DIALOGUE)).map((r) => r.status)).toEqual(['duplicate']);
    // Refused again for another reason: the old row resolves, a new one says why.
    const otherDialogue = { ...JSON.parse(payload) as object, dialogue: 'elsewhere' };
    await blue.store.recordRejection({ dialogue: DIALOGUE, source: 'red.node', reason: 'party_key_unknown: no pinned key for red', payload: canonicalize(otherDialogue as Json), time: '2026-11-30T05:00:00.000Z' });
    expect((await blue.inbox.retryRefused(DIALOGUE)).map((r) => r.reason?.split(':')[0])).toEqual(['wrong_dialogue']);
    expect((await blue.store.rejections(DIALOGUE)).slice(2).map((r) => [r.reason.split(':')[0], r.resolution]))
      .toEqual([['party_key_unknown', 'duplicate'], ['party_key_unknown', 'rejected'], ['wrong_dialogue', undefined]]);
  });

  it('given an event refused for two reasons, when a retry refuses it for the older one, then that row stays open and the other is resolved — it never drops out of the list', async () => {
    const { red, blue } = await setUp();
    await exchange(red, blue);
    const { event: forged } = await forge(red, RED, 'message.posted', { kind: 'informal', text: text('forged') }, { key: generateSigningKey().key });
    await blue.inbox.ingest(DIALOGUE, [forged], 'red.node');
    // The same payload refused later for another reason (say a key pin removed meanwhile).
    await blue.store.recordRejection({ dialogue: DIALOGUE, source: 'red.node', reason: 'party_key_unknown: no pinned key for red', payload: canonicalize(forged), time: '2026-11-30T05:00:00.000Z' });
    for (let i = 0; i < 2; i++) {
      expect((await blue.inbox.retryRefused(DIALOGUE)).map((r) => [r.status, r.reason?.split(':')[0]])).toEqual([['rejected', 'signature_invalid']]);
      expect((await blue.store.openRejections(DIALOGUE)).map((r) => r.reason.split(':')[0])).toEqual(['signature_invalid']);
    }
    expect((await blue.store.rejections(DIALOGUE)).map((r) => [r.reason.split(':')[0], r.resolution])).toEqual([
      ['signature_invalid', undefined], ['party_key_unknown', 'rejected'],
    ]);
  });

  it('given a forged event sent again and again, then each copy is refused and the quarantine keeps one row for it', async () => {
    const { red, blue } = await setUp();
    await exchange(red, blue);
    const { event: forged } = await forge(red, RED, 'message.posted', { kind: 'informal', text: text('forged') }, { key: generateSigningKey().key });
    for (let i = 0; i < 3; i++) {
      expect((await blue.inbox.ingest(DIALOGUE, [forged, forged], 'red.node')).map((r) => r.reason?.split(':')[0])).toEqual(['signature_invalid', 'signature_invalid']);
    }
    expect((await blue.store.rejections(DIALOGUE)).map((r) => r.reason.split(':')[0])).toEqual(['signature_invalid']);
  });

  it('given an event that names a seen event not held yet, then it waits for it', async () => {
    const { red, blue } = await setUp();
    await exchange(red, blue);
    await blue.node.postMessage({ dialogue: DIALOGUE, member: 'blue-principal' as never, kind: 'informal', text: text('from blue') });
    await deliver(blue, red);
    await red.node.postMessage({ dialogue: DIALOGUE, member: 'red-principal' as never, kind: 'informal', text: text('reply') });
    // A third node that has red's events but not blue's post: red's reply waits for it.
    const reply = (await red.events()).at(-1)!.event;
    expect(Object.keys(reply.seen)).toContain(BLUE);
    const results = await blue.inbox.ingest(DIALOGUE, [reply], 'red.node');
    expect(results[0]?.status).toBe('waiting');
    expect(results[0]?.reason).toMatch(/^(seq_gap|seen_unknown)/);
  });

  it('given forged, misattributed, tampered and malformed events, then each is rejected with its reason, quarantined, and never projected', async () => {
    const { red, blue } = await setUp();
    await exchange(red, blue);
    const digest = await blue.node.stateDigest(DIALOGUE);
    const size = (await blue.store.log(DIALOGUE)).size;
    const post = { kind: 'informal', text: text('forged') };

    // Signed by a key that is not red's pinned key.
    const intruder = await forge(red, 'intruder' as PartyId, 'message.posted', post);
    const forgedSig = await forge(red, RED, 'message.posted', post, { key: generateSigningKey().key });
    // Signed by red's node key but claiming to be blue, hosted on blue's own node.
    const claimsBlue = await forge(blue, BLUE, 'message.posted', post);
    // Claiming a party that is not in the dialogue.
    const notInDialogue = { ...intruder.event, party: 'nobody' };
    // A body that does not match its hash.
    const genuine = await forge(red, RED, 'message.posted', post);
    const tampered = { ...genuine.event, body: { kind: 'informal', text: text('changed') } };
    const unknownType = await forge(red, RED, 'missile.launched', {});
    const otherDialogue = { ...genuine.event, dialogue: 'other' };
    const float = { ...genuine.event, body: { kind: 'informal', text: text('x'), weight: 0.5 } };
    const huge = await forge(red, RED, 'message.posted', { kind: 'informal', text: text('x'.repeat(300 * 1024)) });
    const noMember = await forge(red, RED, 'message.posted', post, { member: null });
    // A body the notice's evolve cannot apply (it has no window): refused before it can fail the transaction.
    const hostileBody = await forge(red, RED, 'notice.given', { noticeType: 'military_exercise' });
    // Messages no decider could have written, which blue's members would otherwise be shown.
    const hostileBodies: Json[] = [
      { kind: 'informal', text: { en: { html: '<b>not text</b>' } } }, { kind: 'shout', text: text('x') }, { kind: 'informal', text: 'plain' },
      { kind: 'informal', text: text('x'), authentic: ['fr'] }, { kind: 'informal', text: text('x'), sender: 'someone else' },
    ];
    const hostileMessages = await Promise.all(hostileBodies.map((body) => forge(red, RED, 'message.posted', body)));

    const batch: unknown[] = [
      forgedSig.event, claimsBlue.event, notInDialogue, tampered, unknownType.event, otherDialogue, float, huge.event,
      noMember.event, hostileBody.event, ...hostileMessages.map((m) => m.event), 'not an event', { v: 1 }, null,
    ];
    const results = await blue.inbox.ingest(DIALOGUE, batch, 'red.node');
    expect(results.map((r) => r.status)).toEqual(batch.map(() => 'rejected'));
    expect(results.map((r) => r.reason?.split(':')[0])).toEqual([
      'signature_invalid', 'party_hosted_here', 'party_not_in_dialogue', 'body_hash_mismatch', 'type_unknown', 'wrong_dialogue',
      'malformed_event', 'too_large', 'member_missing', 'body_invalid', ...hostileMessages.map(() => 'body_invalid'),
      'malformed_event', 'malformed_event', 'malformed_event',
    ]);
    expect(results.slice(10, 15).map((r) => r.reason?.split(':')[1]?.trim())).toEqual(['text_empty', 'kind_invalid', 'text_invalid', 'authentic_language_missing', 'field_unknown']);
    const quarantined = await blue.store.rejections(DIALOGUE);
    expect(quarantined).toHaveLength(batch.length);
    expect(quarantined.every((r) => r.source === 'red.node')).toBe(true);
    expect(quarantined.map((r) => r.payload)).toContain(canonicalize(forgedSig.event));
    expect((await blue.store.log(DIALOGUE)).size).toBe(size);
    expect(await blue.node.stateDigest(DIALOGUE)).toEqual(digest);
    expect(await blue.store.inbox.pending(DIALOGUE)).toEqual([]);
  });

  it('given working groups, meetings and joint statements no decider could have written, then each is rejected naming the field and nothing changes', async () => {
    const { red, blue } = await setUp();
    await exchange(red, blue);
    const mandate = { title: text('Maritime issues'), goals: [text('Agree a notification procedure')] };
    const group = await red.act('red-principal', 'working_group', { type: 'propose', mandate, coChair: 'red-chair' });
    await deliver(red, blue);
    const digest = await blue.node.stateDigest(DIALOGUE);
    const schedule = { start: '2026-06-30T09:00:00Z', end: '2026-06-30T11:00:00Z', format: 'video' };
    const hostile = await Promise.all([
      forge(red, RED, 'working_group.proposed', { mandate: { ...mandate, goals: 'not a list' }, coChair: 'red-chair' }),
      forge(red, RED, 'working_group.suspended', { target: group.id, reason: { en: 'not text' } }),
      forge(red, RED, 'meeting.proposed', { workingGroup: group.id, ...schedule, participants: 'red-chair' }),
      forge(red, RED, 'joint_statement.proposed', { text: text('Agreed'), authentic: ['fr'] }),
    ]);
    const results = await blue.inbox.ingest(DIALOGUE, hostile.map((h) => h.event), 'red.node');
    expect(results.map((r) => r.status)).toEqual(hostile.map(() => 'rejected'));
    expect(results.map((r) => r.reason?.split(': ').slice(0, 3).join(': '))).toEqual([
      'body_invalid: goals_missing: body.mandate.goals', 'body_invalid: reason_invalid: body.reason',
      'body_invalid: members_invalid: body.participants', 'body_invalid: authentic_language_missing: body.authentic',
    ]);
    expect(await blue.node.stateDigest(DIALOGUE)).toEqual(digest);
  });

  it('given red acting beyond its party\'s right, then the event is rejected: the called party alone acknowledges a call, only a recipient receipts a message', async () => {
    const { red, blue } = await setUp();
    await exchange(red, blue);
    const call = await red.act('red-duty', 'hotline_call', {
      type: 'place', to: BLUE, precedence: 'routine', subject: text('Check'), message: text('Line check'),
    });
    await deliver(red, blue);
    const ownAck = await forge(red, RED, 'hotline_call.acknowledged', { target: call.id }, { key: red.keys.partyKey(RED)! });
    const [ack] = await blue.inbox.ingest(DIALOGUE, [ownAck.event], 'red.node');
    expect(ack).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/^party_not_allowed: hotline_call.acknowledged/) });

    const posted = await red.node.postMessage({ dialogue: DIALOGUE, member: 'red-principal' as never, kind: 'informal', text: text('hi') });
    await deliver(red, blue);
    const ownReceipt = await forge(blue, RED, 'message.delivered', { target: posted.id }, { key: red.keys.partyKey(RED)!, member: null });
    const [receipt] = await blue.inbox.ingest(DIALOGUE, [ownReceipt.event], 'red.node');
    expect(receipt).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/^party_not_allowed: message.delivered/) });
    const unknownTarget = await forge(blue, RED, 'message.acknowledged', { target: 'f'.repeat(64) }, { key: red.keys.partyKey(RED)! });
    expect((await blue.inbox.ingest(DIALOGUE, [unknownTarget.event], 'red.node'))[0]?.reason).toMatch(/^target_unknown/);
  });

  it('given red\'s node signs two different events at one seq, then the second is equivocation: both signed envelopes are kept as proof and only the first is applied', async () => {
    const { red, blue } = await setUp();
    await exchange(red, blue);
    const heads = await red.store.withDialogue(DIALOGUE, (tx) => tx.heads());
    const fork = (en: string) => {
      const chain = nextChainFields(RED, heads as ReadonlyMap<PartyId, ChainHead>);
      return signEvent({ v: 1, dialogue: DIALOGUE, party: RED, member: 'red-principal' as never, ...chain, time: red.clock.now().toISOString(), type: 'message.posted' },
        { kind: 'informal', text: text(en) }, red.keys.partyKey(RED)!);
    };
    const first = fork('We agree');
    const second = fork('We never agreed');
    expect((await blue.inbox.ingest(DIALOGUE, [first.event], 'red.node'))[0]?.status).toBe('appended');
    const notices: LiveNotice[] = [];
    blue.node.live.subscribe((notice) => notices.push(notice));
    const [result] = await blue.inbox.ingest(DIALOGUE, [second.event], 'red.node');
    expect(notices.filter((n) => n.kind === 'private')).toEqual([expect.objectContaining({
      kind: 'private', party: BLUE, type: 'federation.equivocation', data: expect.objectContaining({ party: RED, seq: first.event.seq, other: second.id }),
    })]);
    // Blue's node also puts the fork on the record, so red's members learn of it (fork-report.int.test.ts).
    expect(notices.flatMap((n) => (n.kind === 'event' ? [n.event.event.type] : []))).toEqual(['record.fork_reported']);
    expect(result).toMatchObject({ status: 'equivocation', id: second.id });
    const [proof] = await blue.store.inbox.equivocations(DIALOGUE);
    expect(proof).toMatchObject({ party: RED, seq: first.event.seq, stored: { id: first.id }, other: { id: second.id }, source: 'red.node' });
    const key = verifyingKey(red.keys.partyKey(RED)!.publicKey);
    for (const envelope of [proof!.stored.envelope, proof!.other.envelope]) {
      expect(hasValidSignature(JSON.parse(envelope) as SignedEvent, key)).toBe(true);
    }
    expect(await blue.store.eventById(DIALOGUE, second.id as EventId)).toBeUndefined();
    expect((await blue.store.rejections(DIALOGUE)).map((r) => r.reason.split(':')[0])).toEqual(['equivocation']);
    // Delivering the fork again records no second proof.
    await blue.inbox.ingest(DIALOGUE, [second.event], 'red.node');
    expect(await blue.store.inbox.equivocations(DIALOGUE)).toHaveLength(1);
  });

  it('given a dialogue.opened that lists a key other than the one pinned here, then it is rejected and blue does not join; the genuine one is taken', async () => {
    const { red, blue } = await setUp();
    const genuine = (await red.events())[0]!.event;
    const body = genuine.body as { title: Json; parties: { id: string; name: Json; publicKey: string }[] };
    const swapped = { ...body, parties: body.parties.map((p) => (p.id === BLUE ? { ...p, publicKey: generateSigningKey().key.publicKey.toString('base64') } : p)) };
    const forged = signEvent({ v: 1, dialogue: DIALOGUE, party: RED, member: null, seq: 1, prev: null, seen: {}, time: genuine.time, type: 'dialogue.opened' },
      swapped as unknown as Json, red.keys.partyKey(RED)!);
    const [result] = await blue.inbox.ingest(DIALOGUE, [forged.event], 'red.node');
    expect(result).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/^key_mismatch/) });
    expect((await blue.store.log(DIALOGUE)).size).toBe(0);
    expect((await blue.inbox.ingest(DIALOGUE, [genuine], 'red.node'))[0]?.status).toBe('appended');
    expect((await blue.events()).map((s) => s.event.type)).toEqual(['dialogue.opened', 'dialogue.joined']);
  });

  it('given blue\'s node does not hold the dialogue, when red\'s verified opening arrives, then the dialogue is recorded from it and blue joins; a forged or foreign opening records nothing', async () => {
    pair = await federatedPair(engine, { blueHoldsDialogue: false });
    const { red, blue } = pair;
    const opened = (await red.events())[0]!.event;
    const forged = { ...opened, sig: signEvent({ ...opened, body: undefined } as never, opened.body!, generateSigningKey().key).event.sig };
    await expect(blue.inbox.ingest(DIALOGUE, [forged], 'red.node')).rejects.toMatchObject({ code: 'dialogue_not_found' });
    const post = await forge(red, RED, 'message.posted', { kind: 'informal', text: text('hi') });
    await expect(blue.inbox.ingest(DIALOGUE, [post.event], 'red.node')).rejects.toMatchObject({ code: 'dialogue_not_found' });
    expect(await blue.store.dialogue(DIALOGUE)).toBeUndefined();

    expect((await blue.inbox.ingest(DIALOGUE, [opened], 'red.node'))[0]?.status).toBe('appended');
    expect(await blue.store.dialogue(DIALOGUE)).toMatchObject({ id: DIALOGUE, title: { en: 'Federated talks' }, parties: [RED, BLUE], createdAt: opened.time });
    expect((await blue.events()).map((s) => `${s.event.party}:${s.event.type}`)).toEqual(['red:dialogue.opened', 'blue:dialogue.joined']);
    await exchange(red, blue);
    expect((await red.node.stateDigest(DIALOGUE)).digest).toBe((await blue.node.stateDigest(DIALOGUE)).digest);
  });

  it('given red\'s redactions, then blue deletes the body of red\'s own message named by its type, and refuses one naming another type, a changing event, red\'s opening or blue\'s event — those bodies stay', async () => {
    const { red, blue } = await setUp();
    const spilled = await red.node.postMessage({ dialogue: DIALOGUE, member: 'red-principal' as never, kind: 'informal', text: text('Classified annex') });
    const answered = await blue.node.postMessage({ dialogue: DIALOGUE, member: 'blue-principal' as never, kind: 'informal', text: text('Noted') });
    await exchange(red, blue);
    const held = await blue.events();
    const opening = held.find((s) => s.event.type === 'dialogue.opened')!;
    const redReceipt = held.find((s) => s.event.type === 'message.delivered' && s.event.party === RED)!;
    const blueReceipt = held.find((s) => s.event.type === 'message.delivered' && s.event.party === BLUE)!;
    const redact = (event: EventId, eventType: string) =>
      forge(blue, RED, 'record.redacted', { event, eventType, reason: 'spillage' }, { key: red.keys.partyKey(RED)! });
    const refused = [
      [await redact(spilled.id, 'commitment.proposed'), /^event_type_mismatch/],
      [await redact(redReceipt.id, 'message.delivered'), /^event_not_redactable/],
      [await redact(opening.id, 'dialogue.opened'), /^event_not_redactable/],
      [await redact(blueReceipt.id, 'message.delivered'), /^not_own_event/],
      [await redact(answered.id, 'message.posted'), /^not_own_event/],
      [await redact('f'.repeat(64) as EventId, 'message.posted'), /^event_unknown/],
    ] as const;
    for (const [forged, reason] of refused) {
      const [result] = await blue.inbox.ingest(DIALOGUE, [forged.event], 'red.node');
      expect(result).toMatchObject({ status: 'rejected', reason: expect.stringMatching(reason) as unknown as string });
    }
    const bodies = async () => Promise.all([spilled.id, redReceipt.id, opening.id, blueReceipt.id, answered.id]
      .map(async (id) => (await blue.store.eventById(DIALOGUE, id))?.event.body !== undefined));
    expect(await bodies()).toEqual([true, true, true, true, true]);

    const [applied] = await blue.inbox.ingest(DIALOGUE, [(await redact(spilled.id, 'message.posted')).event], 'red.node');
    expect(applied).toMatchObject({ status: 'appended' });
    expect(await bodies()).toEqual([false, true, true, true, true]);
    expect(JSON.stringify(await blue.store.aggregates.aggregate<MessageState>(DIALOGUE, 'message', spilled.id))).not.toContain('Classified annex');
  });

  it('given a batch larger than the limit or not an array, then the call is refused and nothing changes', async () => {
    const { red, blue } = await setUp();
    const events = (await red.events()).map((s) => s.event);
    await expect(blue.inbox.ingest(DIALOGUE, new Array(1001).fill(events[0]), 'red.node')).rejects.toMatchObject({ code: 'batch_too_large' });
    await expect(blue.inbox.ingest(DIALOGUE, 'x' as never, 'red.node')).rejects.toMatchObject({ code: 'events_not_array' });
    await expect(blue.inbox.ingest('nope' as never, events, 'red.node')).rejects.toMatchObject({ code: 'dialogue_not_found' });
    expect((await blue.store.log(DIALOGUE)).size).toBe(0);
    expect(await blue.store.rejections(DIALOGUE)).toEqual([]);
  });
});
