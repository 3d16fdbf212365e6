/**
 * The hotline's PRIVATE escalation clock (docs/decisions/0009-hotline-escalation.md).
 *
 * When a call is delivered, the receiving node stores the call's next escalation (level 1,
 * due at the agreed acknowledgement deadline) in a private table. When it falls due and the
 * call is still unacknowledged, the node — in one transaction — records the shared fact
 * `hotline_call.escalated {target, level, dueAt}`, records the private step (the rung, the
 * members paged), and sets the next level's due time from that rung's own deadline. The
 * ladder (who is paged, how long each rung has) stays on the receiving party's node; the
 * shared record only learns, after the fact, that a level was reached.
 *
 * Exactly once: the pending row, the shared event and the step commit together, under the
 * dialogue's append lock; the decider refuses any level but the next one, and the step's
 * primary key refuses a second step of a level. A pass after a restart finds the row as the
 * last commit left it, so a level is neither lost nor repeated.
 */
import {
  DEFAULT_LADDER, hotlineCalls, isSettled, nodeActor,
  type EscalationRung, type HotlineCallState,
} from '../domain/index.js';
import type { Json, MemberId } from '../record/index.js';
import type { LiveNotice } from './live.js';
import type { PendingEscalation } from './private-ports.js';
import { actOnDue, nothingToDo, type DueSource, type SchedulerErrorHandler } from './scheduler.js';
import type { ParleyNode } from './service.js';
import { enqueueNotice } from './webhook-outbox.js';

const PAGE = 100;

/** What a party's subscribers (SSE, webhooks) receive when a step pages people. */
export interface EscalationNotice {
  readonly call: string;
  readonly level: number;
  readonly rung: EscalationRung;
  readonly paged: readonly MemberId[];
  readonly dueAt: string;
  /** When the next rung falls due if nobody acknowledges; null at the top of the ladder. */
  readonly nextDueAt: string | null;
  readonly precedence: string;
}

export class EscalationDeadlines implements DueSource {
  readonly name = 'hotline-escalations';

  constructor(private readonly node: ParleyNode, private readonly onError: SchedulerErrorHandler) {}

  runDue(now: Date): Promise<number> {
    const at = now.toISOString();
    return actOnDue<PendingEscalation>({
      page: (after) => this.node.store.privates.duePendingEscalations(at, { limit: PAGE, after }),
      act: async (pending) => this.node.keys.partyKey(pending.party) !== undefined && this.escalate(pending),
      onError: (error, pending) => this.onError(error, `escalation of call ${pending.call} in ${pending.dialogue}`),
      limit: PAGE,
    });
  }

  async nextDue(until: string): Promise<string | undefined> {
    return (await this.node.store.privates.duePendingEscalations(until, { limit: 1 }))[0]?.due;
  }

  /** Takes one escalation step if it is still due; true when a step was recorded. */
  private async escalate(seen: PendingEscalation): Promise<boolean> {
    const { party } = seen;
    const privates = this.node.store.privates;
    const dialogue = await this.node.dialogue(seen.dialogue);
    const notice = await this.node.execute(dialogue.id, async (tx, now) => {
      // Re-read under the lock: another pass or process may have acted meanwhile.
      const pending = await privates.pendingEscalation(party, dialogue.id, seen.call);
      if (!pending || pending.level !== seen.level || pending.due > now.toISOString()) return nothingToDo(party, undefined);
      const call = await tx.aggregates.aggregate<HotlineCallState>(dialogue.id, 'hotline_call', pending.call);
      const ladder = (await privates.escalationLadder(party, dialogue.id))?.rungs ?? DEFAULT_LADDER;
      const rung = ladder[pending.level - 1];
      if (!call || isSettled(call.state) || !rung || call.state.escalationLevel >= pending.level) {
        // Acknowledged, closed, or the ladder ends here: the clock stops.
        await privates.deletePendingEscalation(party, dialogue.id, pending.call);
        return nothingToDo(party, undefined);
      }
      // Level 1 is the agreed (public) deadline; later levels are the ladder's (private) ones.
      const dueAt = pending.level === 1 && call.state.ackDueAt ? call.state.ackDueAt : pending.due;
      const context = { actor: nodeActor(party), dialogue: { id: dialogue.id, parties: dialogue.parties }, now };
      const events = hotlineCalls.decide({ type: 'escalate', level: pending.level, dueAt }, call.state, context);
      return {
        party, member: null, events,
        result: async (stored): Promise<LiveNotice> => {
          const at = stored[0]?.event.time ?? now.toISOString();
          const paged = await this.membersPaged(party, rung);
          await privates.addEscalationStep({ party, dialogue: dialogue.id, call: pending.call, level: pending.level, rung, paged, due: dueAt, at });
          const next = ladder[pending.level];
          const nextDueAt = next ? new Date(Date.parse(pending.due) + rung.deadlineSeconds * 1000).toISOString() : null;
          if (nextDueAt) await privates.putPendingEscalation({ ...pending, level: pending.level + 1, due: nextDueAt });
          else await privates.deletePendingEscalation(party, dialogue.id, pending.call);
          const step: EscalationNotice = { call: pending.call, level: pending.level, rung, paged, dueAt, nextDueAt, precedence: call.state.precedence };
          const notice: LiveNotice = {
            kind: 'private', party, dialogue: dialogue.id, type: 'hotline.escalation_step', data: step as unknown as Json, time: at,
          };
          // The page's webhook deliveries commit with the step (one key per level), so a crash
          // after this commit cannot lose it; the worker sends them whether or not the bus does.
          await enqueueNotice(this.node.store.webhooks, notice, `private:hotline.escalation_step:${dialogue.id}:${pending.call}:${pending.level}`, now.toISOString());
          return notice;
        },
      };
    });
    if (!notice) return false;
    // After commit: the party's open screens (SSE) see the page live; webhooks have it already.
    this.node.live.publish(notice);
    return true;
  }

  /** Members of the party holding one of the rung's roles, and the members it names. */
  private async membersPaged(party: PendingEscalation['party'], rung: EscalationRung): Promise<MemberId[]> {
    const members = await this.node.store.privates.membersOf(party);
    const paged = members
      .filter((m) => m.roles.some((role) => rung.roles.includes(role)) || rung.members.includes(m.id))
      .map((m) => m.id);
    return [...new Set(paged)].sort();
  }
}
