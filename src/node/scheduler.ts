/**
 * The node's scheduler: acts on every deadline that has passed, driven by the injected
 * clock, exactly once each.
 *
 * Sources of deadlines:
 * - aggregates of any kind whose `index(state).due` has passed (the store's `due_at`
 *   column): the kind's `timeout(state, now)` command is decided as `nodeActor(party)`;
 * - further sources the composition root adds (the hotline's private escalation clock).
 *
 * Exactly once: every action re-reads its state inside the dialogue's transaction (which
 * holds the dialogue's append lock, across processes) and acts only if the deadline is
 * still there; the decided events move or clear it in that same transaction. So two passes,
 * two processes, or a pass after a crash can never act twice on one deadline, and a deadline
 * that passed while the node was down is acted on by the first pass after start-up.
 *
 * Only parties whose key this node holds are acted for; a deadline of a party hosted
 * elsewhere is that node's to act on.
 */
import { aggregateKind, nodeActor } from '../domain/index.js';
import type { DialogueId, PartyId } from '../record/index.js';
import type { Decision } from './appender.js';
import { followUpOf } from './follow-ups.js';
import { prepareCommand } from './preconditions.js';
import type { DueAggregate } from './private-ports.js';
import type { ParleyNode } from './service.js';

/** A kind of deadline the scheduler checks on every pass. */
export interface DueSource {
  readonly name: string;
  /** Acts on everything of this source due at or before `now`; returns how many actions recorded something. */
  runDue(now: Date): Promise<number>;
  /** The earliest due time at or before `until`, if any (for simulated continuous running). */
  nextDue(until: string): Promise<string | undefined>;
}

/** What the scheduler reports about an action that failed (it goes on with the others). */
export type SchedulerErrorHandler = (error: unknown, where: string) => void;

const PAGE = 100;

/** A decision that records nothing: the deadline was already acted on, or is not ours. */
export function nothingToDo<T>(party: PartyId, value: T): Decision<T> {
  return { party, member: null, events: [], result: () => value };
}

/**
 * Pages through what is due (ordered by due time, then a unique key) and acts on each. An
 * item acted on moves its due time forward: if still due it sorts after the cursor and comes
 * again in a later page; one skipped or failed stays behind the cursor for this pass, so a
 * pass always ends. Returns how many actions recorded something.
 */
export async function actOnDue<T>(source: {
  page: (after: T | undefined) => Promise<T[]>;
  act: (item: T) => Promise<boolean>;
  onError: (error: unknown, item: T) => void;
  limit: number;
}): Promise<number> {
  let acted = 0;
  for (let after: T | undefined; ;) {
    const page = await source.page(after);
    let actedInPage = 0;
    for (const item of page) {
      try {
        if (await source.act(item)) actedInPage++;
      } catch (error) {
        source.onError(error, item);
      }
    }
    acted += actedInPage;
    if (page.length === 0 || (page.length < source.limit && actedInPage === 0)) return acted;
    after = page.at(-1);
  }
}

/** Deadlines of aggregates: `due_at <= now` → the kind's timeout command. */
export class AggregateDeadlines implements DueSource {
  readonly name = 'aggregates';

  constructor(private readonly node: ParleyNode, private readonly onError: SchedulerErrorHandler) {}

  runDue(now: Date): Promise<number> {
    const at = now.toISOString();
    return actOnDue<DueAggregate>({
      page: (after) => this.node.store.dueAggregates(at, { limit: PAGE, after }),
      act: (due) => this.act(due, now),
      onError: (error, due) => this.onError(error, `${due.kind} ${due.id} in ${due.dialogue}`),
      limit: PAGE,
    });
  }

  async nextDue(until: string): Promise<string | undefined> {
    return (await this.node.store.dueAggregates(until, { limit: 1 }))[0]?.due;
  }

  /** Decides the timeout of one aggregate if it is still due; true if events were recorded. */
  private async act(due: DueAggregate, passStarted: Date): Promise<boolean> {
    const kind = aggregateKind(due.kind);
    if (!kind?.timeout) return false;
    // Cheap check outside the lock: skip what another node must act on.
    const seen = await this.node.store.aggregates.aggregate(due.dialogue, due.kind, due.id);
    const planned = seen && kind.timeout(seen.state, passStarted);
    if (!planned || !this.node.keys.partyKey(planned.party)) return false;
    const dialogue = await this.node.dialogue(due.dialogue as DialogueId);
    return this.node.execute(dialogue.id, async (tx, now) => {
      const current = await tx.aggregates.aggregate(dialogue.id, kind.kind, due.id);
      if (!current || current.due === null || current.due > now.toISOString()) return nothingToDo(planned.party, false);
      const timeout = kind.timeout!(current.state, now);
      if (!timeout || !this.node.keys.partyKey(timeout.party)) return nothingToDo(planned.party, false);
      const context = { actor: nodeActor(timeout.party), dialogue: { id: dialogue.id, parties: dialogue.parties }, now };
      // Facts from other aggregates, as for every caller (an escalating query's working group).
      const command = await prepareCommand(kind.kind, timeout.command, tx, dialogue, current);
      const events = kind.decide(command, current.state, context);
      const followUp = followUpOf(kind.kind, command, { dialogue, keys: this.node.keys, store: this.node.store });
      return { party: timeout.party, member: null, events, result: (stored) => stored.length > 0, ...(followUp ? { followUp } : {}) };
    });
  }
}

export class Scheduler {
  readonly sources: readonly DueSource[];
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;

  constructor(private readonly node: ParleyNode, options: { sources?: readonly DueSource[]; onError?: SchedulerErrorHandler } = {}) {
    const onError = options.onError ?? (() => undefined);
    this.sources = [new AggregateDeadlines(node, onError), ...(options.sources ?? [])];
  }

  /**
   * One pass: acts on everything due by the clock's now, source after source, until nothing
   * more is due (one action can make the next due: a missed link test, then the next slot).
   * Passes never overlap: a call during a pass waits for it and then runs its own.
   */
  async runDue(): Promise<number> {
    while (this.#running) await this.#running.catch(() => undefined);
    const pass = this.#pass();
    this.#running = pass;
    try {
      return await pass;
    } finally {
      this.#running = undefined;
    }
  }

  async #pass(): Promise<number> {
    let total = 0;
    for (let round = 0; round < 1000; round++) {
      const now = this.node.clock.now();
      let acted = 0;
      for (const source of this.sources) acted += await source.runDue(now);
      total += acted;
      if (acted === 0) break;
    }
    return total;
  }

  /**
   * Simulated time: moves a manual clock forward to `target` as if the node had been running
   * all along, running a pass at every due time on the way (a scenario's history, tests). A
   * target earlier than the clock only sets the clock. Stops early at a due time nothing here
   * acts on (a party hosted elsewhere), then jumps to the target.
   */
  async runUntil(clock: { now(): Date; set(time: Date): void }, target: Date): Promise<number> {
    if (clock.now() >= target) {
      clock.set(target);
      return 0;
    }
    let total = 0;
    while (clock.now() < target) {
      const dues = await Promise.all(this.sources.map((source) => source.nextDue(target.toISOString())));
      const next = dues.filter((due): due is string => due !== undefined).sort()[0];
      if (next === undefined) break;
      // Every source acts at its deadline itself (due at or before now).
      if (Date.parse(next) > clock.now().getTime()) clock.set(new Date(next));
      const acted = await this.runDue();
      total += acted;
      if (acted === 0) break;
    }
    clock.set(target);
    return total + await this.runDue();
  }

  /**
   * Runs a pass at once — the catch-up on whatever fell due while the node was down — and
   * then every `intervalMs`. Resolves after the first pass.
   */
  async start(intervalMs = 1000): Promise<number> {
    const first = await this.runDue();
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => {
        if (!this.#running) void this.runDue().catch(() => undefined);
      }, intervalMs);
      this.#timer.unref();
    }
    return first;
  }

  /** Stops the timer and waits for a running pass to finish. */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }
}

