/**
 * Delivery between nodes (docs/federation.md "Delivery"). The log is the outbox: for each
 * pinned peer with a URL and each dialogue one of its parties is in, a durable cursor over
 * this node's log marks what the peer has acknowledged; events authored by parties hosted
 * here are pushed from it in log order and the cursor moves by compare-and-set only after
 * the peer answered 200 (at-least-once; the peer's ingest is idempotent by event id). A
 * second cursor over the peer's log pulls what it has, so a partition heals even when the
 * peer's pushes were lost. Each round also asks every peer to cosign this node's latest
 * checkpoint (C2SP tlog-witness) and keeps the cosignatures it returns.
 *
 * Rounds run on a timer and as soon as an event is committed here; a peer that fails is
 * retried after an exponential backoff with jitter. Only the shared record and public
 * federation state are read.
 */
import type { LiveBus } from '../node/live.js';
import type { PeerRecord } from '../node/peer-ports.js';
import type { Clock, KeyStore, ParleyNode, RecordService, Store } from '../node/index.js';
import { randomUUID } from 'node:crypto';
import {
  checkpointOrigin, formatCheckpoint, openCheckpoint, openCosignatures, parseCosignerKey, verifyConsistency,
  type DialogueId, type OpenedCheckpoint, type PartyId, type SignedEvent,
} from '../record/index.js';
import { PeerClient, PeerUnavailableError, type PeerClientOptions } from './client.js';
import { formatAddCheckpoint } from './witness.js';
import { recordCheckpointConflict } from './alerts.js';

/** What receives a peer's events (FederationInbox.ingest in src/federation/inbox.ts). */
export interface EventIngest {
  ingest(dialogue: DialogueId, events: readonly unknown[], source: string): Promise<unknown>;
}

export interface ReplicatorDeps {
  readonly name: string;
  readonly keys: KeyStore;
  readonly store: Store;
  readonly records: RecordService;
  readonly clock: Clock;
  readonly live?: LiveBus;
  readonly inbox?: EventIngest;
  /** Records `record.fork_reported` for a forked log (optional; alerts.ts). */
  readonly node?: ParleyNode;
}

export interface ReplicatorOptions extends PeerClientOptions {
  /** Pause between rounds with nothing new (default 2 s): the periodic pull. */
  readonly intervalMs?: number;
  /** Events per push or pull request (default 500). */
  readonly batch?: number;
  /** First retry delay after a failure (default 500 ms), doubled per failure up to maxBackoffMs. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Source of jitter in [0, 1) (tests pin it). */
  readonly random?: () => number;
  /** Whether rounds ask peers to cosign checkpoints (default true). */
  readonly witnessing?: boolean;
  /** Called with every round's failures (a peer down is normal; the log says so). */
  readonly onError?: (peer: string, error: unknown) => void;
  /**
   * Called when a peer answered a push by refusing events of this node (its answer lists each
   * event's outcome): the peer's operator sees why with `parley peer inbox`, ours learns here
   * that the other side does not hold them.
   */
  readonly onRefused?: (peer: string, dialogue: DialogueId, refused: readonly RefusedByPeer[]) => void;
}

/** An event of this node a peer refused, as its push answer says. */
export interface RefusedByPeer {
  readonly id: string;
  readonly status: 'rejected' | 'equivocation';
  readonly reason: string;
}

export interface RoundReport {
  readonly pushed: number;
  readonly pulled: number;
  readonly cosigned: number;
  readonly failed: readonly string[];
}

interface PeerState {
  failures: number;
  notBefore: number;
}

export class Replicator {
  readonly #options: Required<Pick<ReplicatorOptions, 'intervalMs' | 'batch' | 'backoffMs' | 'maxBackoffMs' | 'random'>> & ReplicatorOptions;
  readonly #state = new Map<string, PeerState>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #again = false;
  #stopped = true;
  #unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: ReplicatorDeps, options: ReplicatorOptions = {}) {
    this.#options = { intervalMs: 2_000, batch: 500, backoffMs: 500, maxBackoffMs: 60_000, random: Math.random, ...options };
  }

  /** Starts rounds: now, after each commit here, and every intervalMs. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#unsubscribe = this.deps.live?.subscribe((notice) => {
      if (notice.kind === 'event') this.wake();
    });
    this.wake();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** Runs a round soon (coalesced with one already running). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#running = this.round().catch(() => undefined).finally(() => {
      this.#running = undefined;
      if (this.#stopped) return;
      if (this.#again) {
        this.#again = false;
        this.wake();
        return;
      }
      this.#timer = setTimeout(() => this.wake(), this.#options.intervalMs);
      this.#timer.unref();
    });
  }

  /** One round over every reachable peer (skipping those backing off). */
  async round(): Promise<RoundReport> {
    let pushed = 0;
    let pulled = 0;
    let cosigned = 0;
    const failed: string[] = [];
    const now = this.deps.clock.now().getTime();
    for (const peer of await this.deps.store.peers.peers()) {
      if (peer.url === undefined) continue;
      const state = this.#state.get(peer.name) ?? { failures: 0, notBefore: 0 };
      if (state.notBefore > now) continue;
      try {
        const result = await this.syncPeer(peer);
        pushed += result.pushed;
        pulled += result.pulled;
        cosigned += result.cosigned;
        this.#state.set(peer.name, { failures: 0, notBefore: 0 });
      } catch (error) {
        failed.push(peer.name);
        const failures = state.failures + 1;
        this.#state.set(peer.name, { failures, notBefore: now + this.backoff(failures) });
        this.#options.onError?.(peer.name, error);
      }
    }
    return { pushed, pulled, cosigned, failed };
  }

  /** Delay before retry number `failures` (≥ 1): exponential, capped, with full jitter on its upper half. */
  backoff(failures: number): number {
    const ceiling = Math.min(this.#options.maxBackoffMs, this.#options.backoffMs * 2 ** Math.min(failures - 1, 30));
    return Math.round(ceiling / 2 + (ceiling / 2) * this.#options.random());
  }

  /** Push, pull and cosign with one peer for every dialogue it takes part in. */
  async syncPeer(peer: PeerRecord): Promise<{ pushed: number; pulled: number; cosigned: number }> {
    const client = new PeerClient({ name: this.deps.name, noteKey: this.deps.keys.noteKey(), clock: this.deps.clock }, peer, this.#options);
    const hosts = await this.deps.store.peers.partyHosts();
    let pushed = 0;
    let pulled = 0;
    let cosigned = 0;
    // A peer hosting no party at all is a neutral witness: it cosigns, it takes no events.
    const isWitness = ![...hosts.values()].includes(peer.name);
    for (const dialogue of await this.deps.store.dialogues()) {
      const involved = dialogue.parties.some((party) => hosts.get(party) === peer.name);
      if (involved) {
        pushed += await this.push(client, peer, dialogue.id);
        pulled += await this.pull(client, peer, dialogue.id);
        await this.monitor(client, peer, dialogue.id);
      }
      const hostsHere = dialogue.parties.some((party) => this.isHosted(party));
      if (this.#options.witnessing !== false && (involved || isWitness) && hostsHere) cosigned += await this.cosign(client, peer, dialogue.id);
    }
    return { pushed, pulled, cosigned };
  }

  private isHosted(party: PartyId): boolean {
    return this.deps.keys.partyKey(party) !== undefined;
  }

  /** Sends events authored here after the push cursor; moves the cursor on each acknowledged batch. */
  async push(client: PeerClient, peer: PeerRecord, dialogue: DialogueId): Promise<number> {
    let sent = 0;
    for (;;) {
      const from = await this.deps.store.peers.cursor(peer.name, dialogue, 'push');
      const page = await this.deps.store.events(dialogue, from, this.#options.batch);
      if (page.length === 0) return sent;
      const ours = page.filter((stored) => this.isHosted(stored.event.party));
      if (ours.length > 0) {
        const answer = await client.request('POST', `/dialogues/${encodeURIComponent(dialogue)}/events`, {
          text: JSON.stringify({ events: ours.map((stored) => stored.event) }), contentType: 'application/json',
        });
        // The peer does not hold this dialogue (yet) or does not take it from us: the cursor
        // stays, other dialogues go on, and the next round offers these events again.
        if (answer.status === 404 || answer.status === 403) return sent;
        if (answer.status !== 200) throw new PeerUnavailableError(peer.name, `push answered ${answer.status}: ${answer.text().slice(0, 300)}`);
        sent += ours.length;
        const refused = refusalsIn(answer.text(), ours.map((stored) => stored.id));
        if (refused.length > 0) this.#options.onRefused?.(peer.name, dialogue, refused);
      }
      // Another process may have moved it meanwhile; then its view wins and we re-read.
      await this.deps.store.peers.advanceCursor(peer.name, dialogue, 'push', from, from + page.length);
      if (page.length < this.#options.batch) return sent;
    }
  }

  /** Reads the peer's log after the pull cursor and hands the events to the inbox. */
  async pull(client: PeerClient, peer: PeerRecord, dialogue: DialogueId): Promise<number> {
    if (this.deps.inbox === undefined) return 0;
    let received = 0;
    for (;;) {
      const from = await this.deps.store.peers.cursor(peer.name, dialogue, 'pull');
      const answer = await client.request('GET', `/dialogues/${encodeURIComponent(dialogue)}/events?from=${from}&limit=${this.#options.batch}`);
      if (answer.status === 404 || answer.status === 403) return received;
      if (answer.status !== 200) throw new PeerUnavailableError(peer.name, `pull answered ${answer.status}: ${answer.text().slice(0, 300)}`);
      const page = answer.json<{ size: number; events: { index: number; event: SignedEvent }[] }>();
      if (!Array.isArray(page.events) || page.events.length === 0) return received;
      await this.deps.inbox.ingest(dialogue, page.events.map((e) => e.event), peer.name);
      received += page.events.length;
      await this.deps.store.peers.advanceCursor(peer.name, dialogue, 'pull', from, from + page.events.length);
      if (from + page.events.length >= page.size) return received;
    }
  }

  /**
   * Checks the peer's latest checkpoint of `dialogue` against the last one this node cosigned
   * for that log: a consistency proof fetched from the peer must verify between the two (in
   * whichever direction the sizes go). A checkpoint that contradicts it — same size and another
   * root, a proof that fails, or a log that cannot prove it still holds what we cosigned — is
   * kept as evidence with the checkpoint it contradicts. Returns false when one was found.
   */
  async monitor(client: PeerClient, peer: PeerRecord, dialogue: DialogueId): Promise<boolean> {
    const origin = checkpointOrigin(peer.name, dialogue);
    const known = await this.deps.store.peers.witnessed(origin);
    if (known === undefined) return true;
    const answer = await client.request('GET', `/dialogues/${encodeURIComponent(dialogue)}/checkpoint`);
    if (answer.status !== 200) return true;
    const note = answer.json<{ note: string }>().note;
    let served: OpenedCheckpoint;
    try {
      served = openCheckpoint(note, peer.noteKey, origin);
    } catch (error) {
      throw new PeerUnavailableError(peer.name, `served a checkpoint that does not open: ${(error as Error).message}`);
    }
    const evidence = async (reason: string, proof: readonly string[]) => {
      await recordCheckpointConflict(this.deps, {
        id: randomUUID(), origin, source: peer.name, reason, knownNote: known.note, offeredNote: note, proof, at: this.deps.clock.now().toISOString(),
      });
      return false;
    };
    if (served.size === known.size) {
      return served.root.equals(known.root) ? true : evidence('served: same size as the cosigned checkpoint, another root', []);
    }
    const [from, to] = served.size > known.size ? [known, served] : [served, known];
    const proofAnswer = await client.request('GET', `/dialogues/${encodeURIComponent(dialogue)}/consistency?from=${from.size}&to=${to.size}`);
    if (proofAnswer.status !== 200) {
      return evidence(`served size ${served.size} but cannot prove consistency with the cosigned size ${known.size} (${proofAnswer.status})`, []);
    }
    const hashes = proofAnswer.json<{ hashes: string[] }>().hashes;
    try {
      verifyConsistency(from.size, to.size, hashes.map((h) => Buffer.from(h, 'base64')), from.root, to.root);
      return true;
    } catch (error) {
      return evidence(`served: inconsistent with the cosigned checkpoint of size ${known.size}: ${(error as Error).message}`, hashes);
    }
  }

  /** Asks the peer to cosign this node's latest checkpoint; keeps the cosignature. Returns 1 if new. */
  async cosign(client: PeerClient, peer: PeerRecord, dialogue: DialogueId): Promise<number> {
    const log = await this.deps.store.log(dialogue);
    if (log.size === 0) return 0;
    const last = await this.deps.store.peers.latestCosignedSize(dialogue, peer.name);
    if (last !== undefined && last >= log.size) return 0;
    const { size, note } = await this.deps.records.checkpointAt(dialogue, log.size);
    let oldSize = last ?? 0;
    for (let attempt = 0; attempt < 2; attempt++) {
      const proof = oldSize === 0 || oldSize === size ? [] : (await this.deps.records.consistencyProof(dialogue, oldSize, size)).hashes.map((h) => Buffer.from(h, 'base64'));
      const answer = await client.request('POST', '/add-checkpoint', { text: formatAddCheckpoint({ oldSize, proof, note }), contentType: 'text/plain' });
      if (answer.status === 200) {
        const cosigner = parseCosignerKey(peer.cosignerKey);
        const lines = answer.text().split('\n').filter((line) => line.length > 0);
        const body = formatCheckpoint(openCheckpoint(note, this.deps.records.logKey()));
        for (const line of lines) {
          // Only lines by the pinned cosigner that verify over this checkpoint are kept.
          const verified = openCosignatures(`${body}\n${line}\n`, [cosigner]);
          if (verified.length === 0) continue;
          await this.deps.store.peers.putCosignature(dialogue, size, { cosigner: peer.name, line, at: this.deps.clock.now().toISOString() });
          return 1;
        }
        throw new PeerUnavailableError(peer.name, 'add-checkpoint answered no cosignature by its pinned witness key');
      }
      if (answer.status === 409 && answer.contentType.startsWith('text/x.tlog.size')) {
        const known = Number(answer.text().trim());
        if (!Number.isSafeInteger(known) || known > size) {
          throw new PeerUnavailableError(peer.name, `the witness holds size ${answer.text().trim()} for our log, beyond our size ${size}`);
        }
        oldSize = known;
        continue;
      }
      if (answer.status === 403 || answer.status === 404) return 0; // not witnessing our log
      throw new PeerUnavailableError(peer.name, `add-checkpoint answered ${answer.status}: ${answer.text().slice(0, 300)}`);
    }
    return 0;
  }
}

/**
 * The refused entries of a push answer (FederationInbox results: the i-th answers the i-th
 * event sent, whose id is `sent[i]` — the peer cannot name one it found too large or
 * malformed); none from an answer of another shape.
 */
function refusalsIn(text: string, sent: readonly string[]): RefusedByPeer[] {
  let results: unknown;
  try {
    results = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(results) || results.length !== sent.length) return [];
  return results.flatMap((result: unknown, i) => {
    const { status, reason } = (result ?? {}) as { status?: unknown; reason?: unknown };
    if ((status !== 'rejected' && status !== 'equivocation') || typeof reason !== 'string') return [];
    return [{ id: sent[i]!, status, reason }];
  });
}
