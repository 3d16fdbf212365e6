/**
 * Appends decided events to a dialogue's record with group commit.
 *
 * Commands for one dialogue that arrive while a transaction is running are queued and run
 * together in the next transaction: each is decided in turn (seeing the events of the ones
 * before it), chained, signed and appended. One fsync then acknowledges the whole group —
 * durable single-event commits are fsync-bound, and grouping removes most of that cost
 * (STACK.md). A command whose decision fails is rejected alone; a storage failure rejects
 * the whole group, none of which was acknowledged.
 */
import type { DomainEvent } from '../domain/index.js';
import {
  completeSignature, nextChainFields, prepareEvent,
  type ChainHead, type DialogueId, type EventId, type MemberId, type PartyId, type SignedEvent,
} from '../record/index.js';
import type { EventSigner } from './event-signer.js';
import type { LiveBus } from './live.js';
import type { Clock, DialogueTransaction, KeyStore, Store, StoredEvent } from './ports.js';
import { DomainError } from '../domain/index.js';

/** What a command decided: the events to record in the name of one party and member. */
export interface Decision<T> {
  readonly party: PartyId;
  readonly member: MemberId | null;
  readonly events: readonly DomainEvent[];
  /** Turns the stored events into the command's result (inside the transaction, after projection and follow-ups). */
  readonly result: (stored: StoredEvent[], tx: DialogueTransaction) => T | Promise<T>;
  /**
   * Decisions that follow from this one in the same transaction, possibly by other parties
   * hosted here (a recipient node's delivery receipt for a posted message).
   */
  readonly followUp?: (stored: StoredEvent[], tx: DialogueTransaction, now: Date) => Promise<readonly Decision<unknown>[]>;
}

/** Decides a command inside the dialogue's transaction (reading projections as needed). */
export type Decide<T> = (tx: DialogueTransaction, now: Date) => Promise<Decision<T>> | Decision<T>;

/**
 * What work run inside a dialogue's group transaction may do besides reading: append events
 * signed elsewhere (federation ingest) and record decisions of hosted parties, both keeping
 * the group's chain heads current so later local events name them in `seen`.
 */
export interface GroupContext {
  readonly tx: DialogueTransaction;
  readonly now: Date;
  /** Appends events already signed by their (remote) author, in this order. */
  appendSigned(events: readonly { readonly event: SignedEvent; readonly id: EventId }[]): Promise<StoredEvent[]>;
  /** Signs and appends a decision of a party hosted here; its follow-ups are not run. */
  record(decision: Decision<unknown>): Promise<StoredEvent[]>;
}

/** Work run in a dialogue's group transaction (see Appender.runInGroup). */
export type GroupWork<T> = (group: GroupContext) => Promise<T>;

interface Pending {
  readonly decide?: Decide<unknown>;
  readonly work?: GroupWork<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Most commands in one group; bounds how long the first of them waits. */
const MAX_GROUP = 256;

/**
 * After a commit, when fewer commands are queued than this share of the group just committed,
 * the next group waits up to GROUP_FILL_WAIT_MS for more (docs/decisions/0006-group-commit.md).
 * Callers over a network answer their committed commands with new ones a little later than
 * in-process callers: without the wait, 32 HTTP clients made groups of ~16 that alternated.
 */
const GROUP_FILL_SHARE = 0.75;
const GROUP_FILL_WAIT_MS = 2;

export interface AppenderDeps {
  readonly store: Store;
  readonly keys: KeyStore;
  readonly clock: Clock;
  readonly live?: LiveBus;
  readonly signer?: EventSigner;
  /** The longest wait for callers to fill the next group (default GROUP_FILL_WAIT_MS; 0: none). */
  readonly groupFillWaitMs?: number;
}

export class Appender {
  private readonly queues = new Map<DialogueId, Pending[]>();
  private readonly running = new Set<DialogueId>();
  /** A drain waiting for callers to fill its next group (awaitCallers): woken by `enqueue` at `target`. */
  private readonly fillWaits = new Map<DialogueId, { readonly target: number; readonly resolve: () => void }>();

  constructor(private readonly deps: AppenderDeps) {}

  /** Decides and records one command; resolves after its transaction has committed. */
  run<T>(dialogue: DialogueId, decide: Decide<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.enqueue(dialogue, { decide, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /**
   * Runs `work` in the dialogue's next group transaction, serialised with local commands;
   * resolves after it has committed. If `work` fails after appending, the whole group rolls
   * back (every command in it is rejected, as for a storage failure); if it appended
   * nothing, it fails alone.
   */
  runInGroup<T>(dialogue: DialogueId, work: GroupWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.enqueue(dialogue, { work: work as GroupWork<unknown>, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  private async drain(dialogue: DialogueId): Promise<void> {
    this.running.add(dialogue);
    try {
      let committed = 0;
      for (let round = 0; ; round++) {
        // Let the callers whose commands just committed submit their next ones, so they
        // join this group rather than trickling in one by one.
        if (round > 0) await this.awaitCallers(dialogue, committed);
        const queue = this.queues.get(dialogue);
        if (!queue || queue.length === 0) break;
        const group = queue.splice(0, MAX_GROUP);
        await this.runGroup(dialogue, group);
        committed = group.length;
      }
    } finally {
      this.running.delete(dialogue);
      this.queues.delete(dialogue);
    }
  }

  /**
   * Yields once (in-process callers resubmit at once), then, while fewer commands are queued
   * than GROUP_FILL_SHARE of the `committed` group, waits up to `groupFillWaitMs`; `enqueue`
   * ends the wait the moment that many are queued (a timer polled every turn added up to a
   * millisecond to every group). Nobody's command waits on a commit here: the group just
   * committed is settled already, and a queued command waits at most the bound.
   */
  private async awaitCallers(dialogue: DialogueId, committed: number): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const target = committed * GROUP_FILL_SHARE;
    const bound = this.deps.groupFillWaitMs ?? GROUP_FILL_WAIT_MS;
    if ((this.queues.get(dialogue)?.length ?? 0) >= target || bound <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, bound);
      this.fillWaits.set(dialogue, { target, resolve: () => { clearTimeout(timer); resolve(); } });
    });
    this.fillWaits.delete(dialogue);
  }

  /** Queues `pending`, and starts draining the dialogue or wakes its drain once the group it waits for is there. */
  private enqueue(dialogue: DialogueId, pending: Pending): void {
    const queue = this.queues.get(dialogue) ?? [];
    queue.push(pending);
    this.queues.set(dialogue, queue);
    if (!this.running.has(dialogue)) {
      void this.drain(dialogue);
      return;
    }
    const wait = this.fillWaits.get(dialogue);
    if (wait !== undefined && queue.length >= wait.target) wait.resolve();
  }

  private async runGroup(dialogue: DialogueId, group: Pending[]): Promise<void> {
    const settled: Array<() => void> = [];
    const committed: StoredEvent[] = [];
    try {
      await this.deps.store.withDialogue(dialogue, async (tx) => {
        settled.length = 0;
        committed.length = 0;
        const heads = new Map(await tx.heads());
        for (const pending of group) {
          if (pending.work) {
            const context: GroupContext = {
              tx, now: this.deps.clock.now(),
              appendSigned: async (events) => {
                const stored = await tx.append(events);
                for (const { event, id } of stored) heads.set(event.party, { seq: event.seq, id });
                committed.push(...stored);
                return stored;
              },
              record: async (decision) => {
                if (decision.events.length === 0) return [];
                if (!this.deps.keys.partyKey(decision.party)) {
                  throw new DomainError('forbidden', 'party_not_hosted', `party ${decision.party} is not hosted on this node`);
                }
                const stored = await this.record(tx, heads, decision);
                committed.push(...stored);
                return stored;
              },
            };
            const before = committed.length;
            try {
              const value = await pending.work(context);
              settled.push(() => pending.resolve(value));
            } catch (error) {
              // Half-done work (events appended, their reactions not) must not commit: the
              // whole group rolls back, as for a storage failure. Work that appended nothing
              // fails alone.
              if (committed.length > before) throw error;
              settled.push(() => pending.reject(error));
            }
            continue;
          }
          let decision: Decision<unknown>;
          try {
            decision = await pending.decide!(tx, this.deps.clock.now());
            if (decision.events.length > 0 && !this.deps.keys.partyKey(decision.party)) {
              throw new DomainError('forbidden', 'party_not_hosted', `party ${decision.party} is not hosted on this node`);
            }
          } catch (error) {
            settled.push(() => pending.reject(error));
            continue;
          }
          const stored = await this.record(tx, heads, decision);
          committed.push(...stored);
          if (decision.followUp) {
            for (const next of await decision.followUp(stored, tx, this.deps.clock.now())) {
              if (next.events.length > 0 && this.deps.keys.partyKey(next.party)) committed.push(...await this.record(tx, heads, next));
            }
          }
          // After the follow-ups, so the result shows their effect (a call already delivered).
          const value = await decision.result(stored, tx);
          settled.push(() => pending.resolve(value));
        }
      });
    } catch (error) {
      for (const pending of group) pending.reject(error);
      return;
    }
    for (const settle of settled) settle();
    const live = this.deps.live;
    if (live && live.size > 0) for (const event of committed) live.publish({ kind: 'event', dialogue, event });
  }

  private async record(tx: DialogueTransaction, heads: Map<PartyId, ChainHead>, decision: Decision<unknown>): Promise<StoredEvent[]> {
    if (decision.events.length === 0) return [];
    const key = this.deps.keys.partyKey(decision.party);
    if (!key) throw new Error(`unreachable: key of ${decision.party} checked before recording`);
    const time = this.deps.clock.now().toISOString();
    const signer = this.deps.signer;
    const prepared = decision.events.map((domainEvent) => {
      const chain = nextChainFields(decision.party, heads);
      const header = {
        v: 1 as const, dialogue: tx.dialogue.id, party: decision.party, member: decision.member,
        ...chain, time, type: domainEvent.type,
      };
      const event = prepareEvent(header, domainEvent.body);
      heads.set(decision.party, { seq: chain.seq, id: event.id });
      if (!signer) {
        completeSignature(event, key.sign(event.input));
        return { event: event.event, id: event.id };
      }
      // Signed on the signer's worker while the group goes on; the store waits for it before
      // writing the row, and a failure rolls the whole transaction back.
      const signed = signer.sign(key, event.input).then((signature) => completeSignature(event, signature));
      return { event: event.event, id: event.id, signed };
    });
    return tx.append(prepared);
  }
}
