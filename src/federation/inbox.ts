/**
 * The federation inbox: verified ingest of events another node delivers (issue 6, item 4;
 * docs/decisions/0013-federation.md).
 *
 * Interface (stable — the network side calls it):
 *   const inbox = new FederationInbox(node, { maxBatch?, maxEventBytes?, maxPending? });
 *   const results = await inbox.ingest(dialogueId, events, source);
 *     events  unknown[]: signed events as parsed JSON (docs/formats.md "Event", body included),
 *             in any order; duplicates and events already held are fine (at-least-once delivery)
 *     source  the peer node's name; kept with every pending, quarantined or equivocation row
 *     results[i] answers events[i]: { id, status, reason? }
 *       appended      verified, appended and projected (with hosted parties' reactions)
 *       duplicate     already held (same id)
 *       waiting       an earlier event of its party or a `seen` event is missing: kept in the
 *                     pending table and retried on every later ingest
 *       rejected      refused and kept in quarantine (`store.rejections`) with the reason
 *       equivocation  same party and seq as a held event, other id: both signed envelopes
 *                     kept as proof (`store.inbox.equivocations`), never applied; the first
 *                     time, a party hosted here records `record.fork_reported` naming both
 *                     ids in the same transaction, so the report replicates to every party
 *     A dialogue this node does not hold is created from a verified `dialogue.opened` in the
 *     batch that names a party hosted here (its hosted parties then join).
 *     Throws (and changes nothing) only for the call itself: unknown dialogue without such an
 *     opening (not_found dialogue_not_found) or a batch that is not an array or exceeds
 *     maxBatch (invalid).
 *   await inbox.stateDigest(dialogueId)  the state digest (ParleyNode.stateDigest)
 *   await inbox.retry(dialogueId)        retries the pending events now
 *   await inbox.retryRefused(dialogueId) offers the open refusals (quarantine) again, each
 *                                        row resolved with the outcome (decision 0023)
 *
 * One ingest call is one group transaction of the dialogue (serialised with local commands):
 * everything it appends, quarantines or keeps waiting commits together.
 */
import {
  DIALOGUE_EVENT_TYPES, DomainError, KNOWN_EVENT_TYPES, checkPartyRight, conflict, forkReports, invalid, kindsForEventType, nodeActor, notFound,
  type AnyAggregateKind, type RecordedEvent,
} from '../domain/index.js';
import type { DialogueRecord, GroupContext, ParleyNode, PartyRecord, RejectionResolution, StateDigest, StoredEvent } from '../node/index.js';
import { reactionsTo } from '../node/index.js';
import {
  EventShapeError, canonicalize, envelopeText, eventIdOf, hasMatchingBody, hasValidSignature, parseSignedEvent,
  verifyingKey, type DialogueId, type EventId, type PartyId, type SignedEvent, type VerifyingKey,
} from '../record/index.js';

export type IngestStatus = 'appended' | 'duplicate' | 'waiting' | 'rejected' | 'equivocation';

export interface IngestResult {
  /** The event's id, or null when it was too malformed to have one. */
  readonly id: EventId | null;
  readonly status: IngestStatus;
  /** Why it was rejected or is waiting: a stable code, then details. */
  readonly reason?: string;
}

export interface FederationInboxOptions {
  /** Most events per ingest call (default 1000). */
  readonly maxBatch?: number;
  /** Largest event, as canonical JSON bytes with its body (default 256 KiB). */
  readonly maxEventBytes?: number;
  /** Most events kept waiting per dialogue; beyond it a waiting event is rejected (default 10,000). */
  readonly maxPending?: number;
}

/** An incoming event that passed the shape checks, from this call or from the pending table. */
interface Candidate {
  readonly event: SignedEvent;
  readonly id: EventId;
  /** Positions in this call's input (none for a pending event from an earlier call). */
  readonly inputs: number[];
  readonly isPending: boolean;
  readonly source: string;
  /** The open refusal of this event a retry offers again (`retryRefused`). */
  readonly refusal?: Refusal;
}

/** An event offered to one ingest call, and where it came from. */
interface Offered {
  readonly raw: unknown;
  readonly source: string;
  readonly refusal?: Refusal;
}

/** A refused event's open quarantine rows, oldest first, each with its reason. */
interface Refusal {
  readonly rows: readonly { readonly row: number; readonly reason: string }[];
}

/** Whether one of the event's open rows already says `reason`: refused again for it, nothing is added. */
const saysAlready = (refusal: Refusal | undefined, reason: string) => refusal?.rows.some((r) => r.reason === reason) ?? false;

/** What a retry made of one refused event (`FederationInbox.retryRefused`). */
export interface RetriedRefusal extends IngestResult {
  /** The peer it first came from. */
  readonly source: string;
  /** Its open quarantine rows (more than one when it was refused for other reasons, or sent by other peers). */
  readonly rows: number;
}

/** What one ingest call knows, so most checks need no query: events held (id → author) and pinned parties. */
interface Call {
  readonly dialogue: DialogueRecord;
  readonly group: GroupContext;
  readonly held: Map<string, string>;
  readonly parties: Map<string, PartyRecord | undefined>;
}

type Verdict =
  | { readonly status: 'appended' | 'duplicate' }
  | { readonly status: 'waiting' | 'rejected' | 'equivocation'; readonly reason: string; readonly fork?: NewFork };

/** An equivocation seen for the first time: what the fork report names. */
interface NewFork {
  readonly seq: number;
  readonly stored: EventId;
}

/** Dialogues whose refused events are being retried, per node of this process (retryRefused). */
const RETRYING = new WeakMap<ParleyNode, Set<string>>();

export class FederationInbox {
  readonly #maxBatch: number;
  readonly #maxEventBytes: number;
  readonly #maxPending: number;
  /** Verdicts of the state-free checks, per candidate (undefined: passed). */
  readonly #static = new WeakMap<Candidate, Verdict | undefined>();
  readonly #keys = new Map<string, VerifyingKey>();

  constructor(private readonly node: ParleyNode, options: FederationInboxOptions = {}) {
    this.#maxBatch = options.maxBatch ?? 1000;
    this.#maxEventBytes = options.maxEventBytes ?? 256 * 1024;
    this.#maxPending = options.maxPending ?? 10_000;
  }

  async stateDigest(dialogue: DialogueId): Promise<StateDigest> {
    return this.node.stateDigest(dialogue);
  }

  async retry(dialogue: DialogueId): Promise<void> {
    await this.ingest(dialogue, [], 'retry');
  }

  async ingest(dialogueId: DialogueId, events: readonly unknown[], source: string): Promise<IngestResult[]> {
    if (!Array.isArray(events)) throw invalid('events_not_array', 'events', 'must be an array of signed events');
    return this.#ingest(dialogueId, events.map((raw) => ({ raw, source })));
  }

  /**
   * Offers the dialogue's open refusals (`store.openRejections`) to the inbox again, each
   * event once with the peer it came from, as an ingest of that many events: once the cause
   * is gone (its party's key pinned, this node upgraded to know a newer event type or body,
   * room in the pending table) it is appended — and the events of its party waiting behind
   * it with it — or waits like any other. Each row is resolved in the same transaction with
   * what became of it; an event refused again for a reason one of its open rows gives keeps
   * that row open (no new row), for another reason gets a new row. A row whose payload is not a whole
   * event (a refusal for size or malformed JSON keeps a prefix) is left as it is.
   */
  async retryRefused(dialogueId: DialogueId): Promise<RetriedRefusal[]> {
    // One at a time per dialogue in this process (each may hold the dialogue's lock for a
    // while): a second is refused, not queued. Other processes are serialised by the lock.
    let running = RETRYING.get(this.node);
    if (!running) RETRYING.set(this.node, running = new Set());
    if (running.has(dialogueId)) throw conflict('retry_running', `a retry of ${dialogueId}'s refused events is already running on this node`);
    running.add(dialogueId);
    try {
      return await this.#retryRefused(dialogueId);
    } finally {
      running.delete(dialogueId);
    }
  }

  async #retryRefused(dialogueId: DialogueId): Promise<RetriedRefusal[]> {
    if (!(await this.node.store.dialogue(dialogueId))) throw notFound('dialogue_not_found', `no dialogue ${dialogueId}`);
    const offers = new Map<string, { raw: unknown; source: string; rows: { row: number; reason: string }[] }>();
    for (const open of await this.node.store.openRejections(dialogueId)) {
      let raw: unknown;
      try {
        raw = JSON.parse(open.payload);
      } catch {
        continue;
      }
      const offer = offers.get(open.payload);
      if (offer) offer.rows.push({ row: open.row, reason: open.reason });
      else offers.set(open.payload, { raw, source: open.source, rows: [{ row: open.row, reason: open.reason }] });
    }
    const all = [...offers.values()];
    const retried: RetriedRefusal[] = [];
    for (let start = 0; start < all.length; start += this.#maxBatch) {
      const batch = all.slice(start, start + this.#maxBatch);
      const results = await this.#ingest(dialogueId, batch.map(({ raw, source, rows }) => ({ raw, source, refusal: { rows } })));
      results.forEach((result, i) => retried.push({ ...result, source: batch[i]!.source, rows: batch[i]!.rows.length }));
    }
    return retried;
  }

  async #ingest(dialogueId: DialogueId, offered: readonly Offered[]): Promise<IngestResult[]> {
    if (offered.length > this.#maxBatch) {
      throw invalid('batch_too_large', 'events', `at most ${this.#maxBatch} events per call, got ${offered.length}`);
    }
    const dialogue = await this.#dialogueFor(dialogueId, offered.map(({ raw }) => raw));
    const results: (IngestResult | undefined)[] = new Array(offered.length).fill(undefined);
    const refused: { input: number; reason: string; payload: string; source: string; refusal?: Refusal }[] = [];
    const byPayload = new Map<string, Candidate>();
    offered.forEach(({ raw, source, refusal }, input) => {
      const shaped = this.#shape(raw, dialogue);
      if ('reason' in shaped) {
        results[input] = { id: shaped.id, status: 'rejected', reason: shaped.reason };
        refused.push({ input, reason: shaped.reason, payload: shaped.payload, source, ...(refusal ? { refusal } : {}) });
        return;
      }
      // Copies of one event are one candidate; a copy with another signature or body is not.
      const known = byPayload.get(shaped.payload);
      if (known) {
        known.inputs.push(input);
        if (refusal && !known.refusal) byPayload.set(shaped.payload, { ...known, refusal });
      } else {
        byPayload.set(shaped.payload, { event: shaped.event, id: shaped.id, inputs: [input], isPending: false, source, ...(refusal ? { refusal } : {}) });
      }
    });

    let needsRedaction = false;
    const applied = await this.node.transact(dialogue.id, async (group) => {
      const now = group.now.toISOString();
      for (const { reason, payload, source, refusal } of refused) {
        if (!saysAlready(refusal, reason)) await this.node.store.recordRejection({ dialogue: dialogue.id, source, reason, payload, time: now });
      }
      for (const pending of await this.node.store.inbox.pending(dialogue.id)) {
        const payload = canonicalize(pending.event);
        const known = byPayload.get(payload);
        if (known) byPayload.set(payload, { ...known, isPending: true });
        else byPayload.set(payload, { event: pending.event, id: pending.id, inputs: [], isPending: true, source: pending.source });
      }
      // Chains in order first: most events then apply in the first round.
      const open = [...byPayload.values()].sort((a, b) => a.event.seq - b.event.seq);
      const call: Call = { dialogue, group, held: await this.node.store.inbox.eventParties(dialogue.id, referencedIds(open)), parties: new Map() };
      const verdicts = new Map<Candidate, Verdict>();
      for (let progress = true; progress && open.length > 0;) {
        progress = false;
        for (const candidate of [...open]) {
          const verdict = await this.#decide(candidate, call);
          verdicts.set(candidate, verdict);
          if (verdict.status === 'waiting') continue;
          open.splice(open.indexOf(candidate), 1);
          if (verdict.status === 'appended') {
            progress = true;
            await this.#append(candidate, call);
            if (candidate.event.type === 'record.redacted') needsRedaction = true;
          } else if ('reason' in verdict) {
            await this.#quarantine(candidate, verdict, dialogue, group);
            if (verdict.fork) await this.#reportFork(candidate, verdict.fork, verdict.reason, call);
          }
        }
      }
      const done = [...verdicts].filter(([candidate, verdict]) => candidate.isPending && verdict.status !== 'waiting');
      await this.node.store.inbox.deletePending(dialogue.id, done.map(([candidate]) => candidate.id));
      let pendingCount = await this.node.store.inbox.pendingCount(dialogue.id);
      for (const candidate of open) {
        if (candidate.isPending) continue;
        const verdict = verdicts.get(candidate) as { status: 'waiting'; reason: string };
        if (pendingCount >= this.#maxPending) {
          const full: Verdict = { status: 'rejected', reason: `pending_full: ${this.#maxPending} events of this dialogue already wait` };
          verdicts.set(candidate, full);
          await this.#quarantine(candidate, full, dialogue, group);
          continue;
        }
        await this.node.store.inbox.putPending({
          dialogue: dialogue.id, id: candidate.id, event: candidate.event, source: candidate.source, reason: verdict.reason, receivedAt: now,
        });
        pendingCount += 1;
      }
      await this.#resolveRefusals(dialogue.id, refused, verdicts, now);
      return verdicts;
    });
    if (needsRedaction) await this.node.store.applyRedactions(dialogue.id);
    this.#alertEquivocations(dialogue, applied);

    for (const [candidate, verdict] of applied) {
      for (const input of candidate.inputs) {
        // A second copy of an event in the same call is a duplicate of the first.
        const status = verdict.status === 'appended' && input !== candidate.inputs[0] ? 'duplicate' : verdict.status;
        results[input] = { id: candidate.id, status, ...('reason' in verdict ? { reason: verdict.reason } : {}) };
      }
    }
    return results.map((result) => result ?? { id: null, status: 'rejected', reason: 'unreachable: no verdict' });
  }

  /** The retried refusals' outcomes, from this call's verdicts (see resolveRefusalsIn). */
  async #resolveRefusals(
    dialogue: DialogueId, refused: readonly { reason: string; refusal?: Refusal }[], verdicts: ReadonlyMap<Candidate, Verdict>, now: string,
  ): Promise<void> {
    const outcomes: { refusal: Refusal; status: IngestStatus; reason?: string | undefined }[] = [];
    for (const { reason, refusal } of refused) if (refusal) outcomes.push({ refusal, status: 'rejected', reason });
    for (const [candidate, verdict] of verdicts) {
      if (candidate.refusal) outcomes.push({ refusal: candidate.refusal, status: verdict.status, reason: 'reason' in verdict ? verdict.reason : undefined });
    }
    if (outcomes.length > 0) await resolveRefusalsIn(this.node.store, dialogue, outcomes, now);
  }

  /**
   * Tells every hosted party's open screens (SSE) at once that a peer's party forked its
   * chain. The durable alert is the evidence row (`store.inbox.equivocations`), which either
   * party can be shown; this notice only makes it visible without polling.
   */
  #alertEquivocations(dialogue: DialogueRecord, verdicts: ReadonlyMap<Candidate, Verdict>): void {
    const time = this.node.clock.now().toISOString();
    for (const [candidate, verdict] of verdicts) {
      // A fork a retry finds again is not news: it was announced when first seen.
      if (verdict.status !== 'equivocation' || saysAlready(candidate.refusal, verdict.reason)) continue;
      for (const party of dialogue.parties) {
        if (!this.node.keys.partyKey(party)) continue;
        this.node.live.publish({
          kind: 'private', dialogue: dialogue.id, party, type: 'federation.equivocation', time,
          data: { party: candidate.event.party, seq: candidate.event.seq, other: candidate.id, source: candidate.source, reason: verdict.reason },
        });
      }
    }
  }

  /**
   * The dialogue, or — when this node does not hold it yet — the dialogue a verified
   * `dialogue.opened` among `events` opens with a party hosted here: it is recorded with the
   * parties and title the opening lists (every listed key must be the one pinned here), so
   * the events that follow are taken in and the hosted party joins. Anything else about an
   * unknown dialogue is refused as not found, and nothing is recorded.
   */
  async #dialogueFor(id: DialogueId, events: readonly unknown[]): Promise<DialogueRecord> {
    const known = await this.node.store.dialogue(id);
    if (known) return this.node.dialogue(id);
    for (const raw of events) {
      const record = await this.#openingOf(id, raw);
      if (!record) continue;
      try {
        await this.node.store.createDialogue(record);
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'dialogue_exists')) throw error;
      }
      return this.node.dialogue(id);
    }
    return this.node.dialogue(id);
  }

  async #openingOf(id: DialogueId, raw: unknown): Promise<DialogueRecord | undefined> {
    let event: SignedEvent;
    try {
      event = parseSignedEvent(raw);
    } catch {
      return undefined;
    }
    if (event.type !== 'dialogue.opened' || event.dialogue !== id || event.seq !== 1 || Object.keys(event.seen).length > 0) return undefined;
    if (this.node.keys.partyKey(event.party)) return undefined;
    const author = await this.node.store.party(event.party);
    if (!author || !hasValidSignature(event, this.#verifyingKey(author.publicKey))) return undefined;
    try {
      if (event.body === undefined || !hasMatchingBody(event)) return undefined;
    } catch {
      return undefined;
    }
    const body = event.body as { title?: unknown; parties?: unknown };
    if (!Array.isArray(body.parties) || typeof body.title !== 'object' || body.title === null || Array.isArray(body.title)) return undefined;
    const title = body.title as Record<string, unknown>;
    if (Object.values(title).some((value) => typeof value !== 'string')) return undefined;
    const parties: PartyId[] = [];
    for (const entry of body.parties as { id?: unknown; publicKey?: unknown }[]) {
      if (typeof entry?.id !== 'string' || typeof entry.publicKey !== 'string' || parties.includes(entry.id as PartyId)) return undefined;
      const pinned = await this.node.store.party(entry.id as PartyId);
      if (!pinned || pinned.publicKey.toString('base64') !== entry.publicKey) return undefined;
      parties.push(entry.id as PartyId);
    }
    if (parties[0] !== event.party || parties.length < 2 || !parties.some((party) => this.node.keys.partyKey(party))) return undefined;
    return { id, title: title as Record<string, string>, parties, createdAt: event.time };
  }

  /** Shape, size and dialogue: what can be checked without the store. */
  #shape(raw: unknown, dialogue: DialogueRecord): { event: SignedEvent; id: EventId; payload: string } | { id: EventId | null; reason: string; payload: string } {
    let payload: string;
    try {
      payload = canonicalize(raw);
    } catch (error) {
      return { id: null, reason: `malformed_event: not I-JSON (${error instanceof Error ? error.message : String(error)})`, payload: String(raw).slice(0, 1000) };
    }
    if (Buffer.byteLength(payload, 'utf8') > this.#maxEventBytes) {
      return { id: null, reason: `too_large: ${Buffer.byteLength(payload, 'utf8')} bytes, at most ${this.#maxEventBytes}`, payload: payload.slice(0, 1000) };
    }
    let event: SignedEvent;
    try {
      event = parseSignedEvent(raw);
    } catch (error) {
      if (!(error instanceof EventShapeError)) throw error;
      return { id: null, reason: `malformed_event: ${error.message}`, payload };
    }
    const id = eventIdOf(event);
    if (event.dialogue !== dialogue.id) return { id, reason: `wrong_dialogue: the event belongs to ${event.dialogue}`, payload };
    return { event, id, payload };
  }

  /** Verifies one candidate against what the dialogue holds now. */
  async #decide(candidate: Candidate, call: Call): Promise<Verdict> {
    const { event, id } = candidate;
    const { dialogue } = call;
    // The event held, delivered again; a copy with another signature or body is checked (and refused) below.
    const held = call.held.has(id) ? await this.node.store.eventById(dialogue.id, id) : undefined;
    if (held && held.event.sig === event.sig && (event.body === undefined || isSameBody(held.event, event))) return { status: 'duplicate' };
    // Checks of the event alone run once per candidate, however many rounds it waits.
    if (!this.#static.has(candidate)) this.#static.set(candidate, await this.#checkAlone(event, call));
    const alone = this.#static.get(candidate);
    if (alone) return alone;
    const kinds = kindsForEventType(event.type);
    if (held) return { status: 'duplicate' };
    const chain = await this.#checkChain(candidate, call);
    if (chain) return chain;
    for (const [seenParty, seenId] of Object.entries(event.seen)) {
      if (!dialogue.parties.includes(seenParty as never)) return { status: 'rejected', reason: `seen_unknown_party: ${seenParty} is not a party to ${dialogue.id}` };
      const author = call.held.get(seenId);
      if (author === undefined) return { status: 'waiting', reason: `seen_unknown: waits for ${seenId} of ${seenParty}` };
      if (author !== seenParty) return { status: 'rejected', reason: `seen_wrong_party: ${seenId} is an event of ${author}, not ${seenParty}` };
    }
    return this.#checkRight(event, id, kinds, call);
  }

  /** Building a key object costs as much as a verification: one per pinned key. */
  #verifyingKey(raw: Buffer): VerifyingKey {
    const text = raw.toString('base64');
    let key = this.#keys.get(text);
    if (!key) {
      key = verifyingKey(raw);
      this.#keys.set(text, key);
    }
    return key;
  }

  async #party(party: string, call: Call): Promise<PartyRecord | undefined> {
    if (!call.parties.has(party)) call.parties.set(party, await this.node.store.party(party as never));
    return call.parties.get(party);
  }

  /** Party, pinned key, signature, body hash, type: everything that does not depend on the dialogue's state. */
  async #checkAlone(event: SignedEvent, call: Call): Promise<Verdict | undefined> {
    const { dialogue } = call;
    if (!dialogue.parties.includes(event.party)) {
      return { status: 'rejected', reason: `party_not_in_dialogue: ${event.party} is not a party to ${dialogue.id}` };
    }
    if (this.node.keys.partyKey(event.party)) {
      return { status: 'rejected', reason: `party_hosted_here: ${event.party} is hosted on this node; no peer authors for it` };
    }
    const party = await this.#party(event.party, call);
    if (!party) return { status: 'rejected', reason: `party_key_unknown: no pinned key for ${event.party}` };
    if (!hasValidSignature(event, this.#verifyingKey(party.publicKey))) {
      return { status: 'rejected', reason: `signature_invalid: not signed by the pinned key of ${event.party}` };
    }
    try {
      if (!hasMatchingBody(event)) return { status: 'rejected', reason: 'body_hash_mismatch: bodyHash is not the SHA-256 of the body' };
    } catch (error) {
      return { status: 'rejected', reason: `body_invalid: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (!KNOWN_EVENT_TYPES.has(event.type)) return { status: 'rejected', reason: `type_unknown: ${event.type}` };
    const kinds = kindsForEventType(event.type);
    const isChanging = kinds.some((kind) => kind.changes.includes(event.type)) && !kinds.some((kind) => kind.creates.includes(event.type));
    if (isChanging && event.body === undefined) return { status: 'rejected', reason: 'body_missing: a changing event must carry its body (it names its target)' };
    return undefined;
  }

  /** Chain link and sequence; a second event at a held seq is equivocation. */
  async #checkChain(candidate: Candidate, call: Call): Promise<Verdict | undefined> {
    const { event, id } = candidate;
    const { dialogue, group } = call;
    const head = (await group.tx.heads()).get(event.party);
    const expected = head ? head.seq + 1 : 1;
    if (event.seq < expected) {
      const held = await this.node.store.inbox.eventAt(dialogue.id, event.party, event.seq);
      if (held) {
        const isNew = !(await this.node.store.inbox.equivocations(dialogue.id))
          .some((e) => e.party === event.party && e.seq === event.seq && e.other.id === id);
        await this.node.store.inbox.recordEquivocation({
          dialogue: dialogue.id, party: event.party, seq: event.seq, stored: held,
          other: { id, envelope: envelopeText(event) }, source: candidate.source, detectedAt: group.now.toISOString(),
        });
        const reason = `equivocation: ${event.party} already signed ${held.id} at seq ${event.seq}`;
        return { status: 'equivocation', reason, ...(isNew ? { fork: { seq: event.seq, stored: held.id } } : {}) };
      }
    }
    if (event.seq > expected) return { status: 'waiting', reason: `seq_gap: ${event.party} is at seq ${expected - 1}; this is seq ${event.seq}` };
    if (event.prev !== (head?.id ?? null)) {
      return { status: 'rejected', reason: `chain_broken: prev ${event.prev ?? 'null'} is not ${event.party}'s event at seq ${event.seq - 1} (${head?.id ?? 'none'})` };
    }
    return undefined;
  }

  /** The party's right to the event (domain/rights.ts), and a dry run of every evolve. */
  async #checkRight(event: SignedEvent, id: EventId, kinds: readonly AnyAggregateKind[], call: Call): Promise<Verdict> {
    const { dialogue, group } = call;
    const recorded: RecordedEvent = {
      id, index: -1, clock: 0, party: event.party, member: event.member, time: event.time, type: event.type, body: event.body,
    };
    const body = event.body as { target?: unknown; event?: unknown } | undefined;
    const context = { id: dialogue.id, parties: dialogue.parties };
    const changing = kinds.find((kind) => kind.changes.includes(event.type) && !kind.creates.includes(event.type));
    let target: { kind: string; state: unknown; creator: string } | undefined;
    if (changing && typeof body?.target === 'string') {
      const aggregate = await group.tx.aggregates.aggregate(dialogue.id, changing.kind, body.target);
      const creator = call.held.get(body.target);
      if (aggregate && creator !== undefined) target = { kind: changing.kind, state: aggregate.state, creator };
    }
    const redactedEvent = event.type === 'record.redacted' && typeof body?.event === 'string' && call.held.has(body.event)
      ? await this.node.store.eventById(dialogue.id, body.event as EventId) : undefined;
    const redacted = redactedEvent && { party: redactedEvent.event.party, type: redactedEvent.event.type };
    try {
      checkPartyRight({ event: recorded, dialogue: context, target, redacted });
    } catch (error) {
      if (error instanceof DomainError) return { status: 'rejected', reason: `${error.code}: ${error.message}` };
      throw error;
    }
    if ((DIALOGUE_EVENT_TYPES as readonly string[]).includes(event.type)) return this.#checkDialogueKeys(event, call);
    for (const kind of kinds) {
      try {
        kind.checkBody?.(recorded, context);
      } catch (error) {
        if (error instanceof DomainError) return { status: 'rejected', reason: `body_invalid: ${error.code}: ${error.message}` };
        throw error;
      }
      try {
        const current = kind.creates.includes(event.type) ? undefined : target?.state;
        kind.evolve(current === undefined ? undefined : structuredClone(current), recorded, context);
      } catch (error) {
        return { status: 'rejected', reason: `body_invalid: ${kind.kind} cannot apply it (${error instanceof Error ? error.message : String(error)})` };
      }
    }
    return { status: 'appended' };
  }

  /**
   * `dialogue.opened` lists the dialogue's parties with their keys and `dialogue.joined`
   * binds its author's key: each key must be the one pinned here, and the opening must name
   * exactly the dialogue's parties, so the record never holds a key this node did not pin.
   */
  async #checkDialogueKeys(event: SignedEvent, call: Call): Promise<Verdict> {
    const { dialogue } = call;
    const body = event.body as { parties?: unknown; publicKey?: unknown } | undefined;
    const pinned = async (party: string) => (await this.#party(party, call))?.publicKey.toString('base64');
    if (event.type === 'dialogue.joined') {
      if (typeof body?.publicKey !== 'string' || body.publicKey !== await pinned(event.party)) {
        return { status: 'rejected', reason: `key_mismatch: dialogue.joined must carry the pinned key of ${event.party}` };
      }
      return { status: 'appended' };
    }
    const listed = Array.isArray(body?.parties) ? (body.parties as { id?: unknown; publicKey?: unknown }[]) : [];
    if (listed.map((p) => p?.id).join('\u0000') !== dialogue.parties.join('\u0000')) {
      return { status: 'rejected', reason: `parties_mismatch: dialogue.opened must list the parties ${dialogue.parties.join(', ')} in order` };
    }
    for (const party of listed) {
      if (typeof party.publicKey !== 'string' || party.publicKey !== await pinned(String(party.id))) {
        return { status: 'rejected', reason: `key_mismatch: dialogue.opened lists a key for ${String(party.id)} that is not the one pinned here` };
      }
    }
    return { status: 'appended' };
  }

  async #append(candidate: Candidate, call: Call): Promise<void> {
    const { dialogue, group } = call;
    const note = (stored: readonly StoredEvent[]) => {
      for (const { id, event } of stored) call.held.set(id, event.party);
    };
    const stored = await group.appendSigned([{ event: candidate.event, id: candidate.id }]);
    note(stored);
    const store = this.node.store;
    for (const decision of await reactionsTo(stored, group.tx, group.now, { dialogue, keys: this.node.keys, store })) {
      note(await group.record(decision));
    }
  }

  /**
   * Puts a newly detected equivocation on the record as `record.fork_reported` by the first
   * party of the dialogue hosted here (none on a node that hosts no party of it), so the
   * forked party's node — and everyone holding the record — learns of it as the report
   * replicates, not only the parties hosted here.
   */
  async #reportFork(candidate: Candidate, fork: NewFork, reason: string, call: Call): Promise<void> {
    const { dialogue, group } = call;
    const reporter = dialogue.parties.find((party) => this.node.keys.partyKey(party) !== undefined);
    if (reporter === undefined) return;
    const events = forkReports.decide({
      type: 'report', source: candidate.source, reason,
      evidence: { kind: 'event', party: candidate.event.party, seq: fork.seq, events: [fork.stored, candidate.id] },
    }, undefined, { actor: nodeActor(reporter), dialogue: { id: dialogue.id, parties: dialogue.parties }, now: group.now });
    for (const { id, event } of await group.record({ party: reporter, member: null, events, result: () => undefined })) {
      call.held.set(id, event.party);
    }
  }

  async #quarantine(candidate: Candidate, verdict: { readonly reason: string }, dialogue: DialogueRecord, group: GroupContext): Promise<void> {
    // Refused again for a reason one of its open rows gives: that row stays the record of it.
    if (saysAlready(candidate.refusal, verdict.reason)) return;
    await this.node.store.recordRejection({
      dialogue: dialogue.id, source: candidate.source, reason: verdict.reason,
      payload: canonicalize(candidate.event), time: group.now.toISOString(),
    });
  }
}

/**
 * Resolves the quarantine rows of the refused events a retry offered, in its transaction:
 * with what became of each, except an event refused again for a reason one of its open rows
 * gives — the newest such row stays open, the others are resolved.
 */
async function resolveRefusalsIn(
  store: ParleyNode['store'], dialogue: DialogueId, outcomes: readonly { refusal: Refusal; status: IngestStatus; reason?: string | undefined }[], now: string,
): Promise<void> {
  const rows = new Map<RejectionResolution, number[]>();
  for (const { refusal, status, reason } of outcomes) {
    const isRefusedAgain = status === 'rejected' || status === 'equivocation';
    // The newest row that already gives the new reason stays open; no new row was added for it.
    const kept = isRefusedAgain ? refusal.rows.filter((r) => r.reason === reason).at(-1) : undefined;
    const resolved = refusal.rows.filter((r) => r !== kept).map((r) => r.row);
    rows.set(status, [...(rows.get(status) ?? []), ...resolved]);
  }
  for (const [resolution, ids] of rows) await store.resolveRejections(dialogue, ids, resolution, now);
}

/** Every event id the candidates name: their own, `prev`, `seen`, a target, a redacted event. */
function referencedIds(candidates: readonly Candidate[]): string[] {
  const ids = new Set<string>();
  for (const { id, event } of candidates) {
    ids.add(id);
    if (event.prev !== null) ids.add(event.prev);
    for (const seen of Object.values(event.seen)) ids.add(seen);
    const body = event.body as { target?: unknown; event?: unknown } | undefined;
    if (body && typeof body === 'object') {
      if (typeof body.target === 'string') ids.add(body.target);
      if (typeof body.event === 'string') ids.add(body.event);
    }
  }
  return [...ids];
}

/** Whether two copies of one event carry the same body (a held body may have been redacted). */
function isSameBody(held: SignedEvent, copy: SignedEvent): boolean {
  return held.body === undefined ? hasMatchingBody(copy) : canonicalize(held.body) === canonicalize(copy.body);
}
