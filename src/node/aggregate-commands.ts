/**
 * Runs a command against one aggregate: load its state inside the dialogue's transaction,
 * check the caller's expected version (If-Match → 412), decide, then sign, append and
 * project — and return the aggregate's new state, all before the transaction commits.
 */
import { DomainError, notFound, type Actor, type AggregateKind } from '../domain/index.js';
import type { DialogueRecord, DialogueTransaction, StoredEvent } from './ports.js';
import type { AggregateRecord } from './private-ports.js';
import { followUpOf } from './follow-ups.js';
import { prepareCommand } from './preconditions.js';
import type { ParleyNode } from './service.js';

export interface AggregateCommandInput<C, S = unknown> {
  readonly dialogue: DialogueRecord;
  readonly actor: Actor;
  /** The aggregate to act on; absent for commands that create one. */
  readonly target?: string;
  readonly command: C;
  /** Version the caller last saw (ETag); a mismatch is refused with precondition_failed. */
  readonly ifMatch?: number;
  /**
   * Checks and facts from other aggregates, read in the same transaction (e.g. that the
   * working group a meeting belongs to is active); returns the command to decide.
   */
  readonly prepare?: (command: C, tx: DialogueTransaction, current: AggregateRecord<S> | undefined) => Promise<C>;
}

export interface AggregateCommandResult<S> {
  readonly events: StoredEvent[];
  readonly aggregate: AggregateRecord<S>;
}

export function runAggregateCommand<S, C>(
  node: ParleyNode, kind: AggregateKind<S, C>, input: AggregateCommandInput<C, S>,
): Promise<AggregateCommandResult<S>> {
  const { dialogue, actor } = input;
  return node.execute(dialogue.id, async (tx, now) => {
    let current: AggregateRecord<S> | undefined;
    if (input.target !== undefined) {
      current = await tx.aggregates.aggregate<S>(dialogue.id, kind.kind, input.target);
      if (!current) throw notFound(`${kind.kind}_not_found`, `no ${kind.kind.replace(/_/g, ' ')} ${input.target} in this dialogue`, 'id');
      if (input.ifMatch !== undefined && input.ifMatch !== current.version) {
        throw new DomainError('conflict', 'precondition_failed',
          `the ${kind.kind.replace(/_/g, ' ')} changed since version ${input.ifMatch} (now ${current.version}); reload and retry`);
      }
    }
    const prepared = await prepareCommand(kind.kind, input.command, tx, dialogue, current);
    const command = input.prepare ? await input.prepare(prepared, tx, current) : prepared;
    const events = kind.decide(command, current?.state, { actor, dialogue: { id: dialogue.id, parties: dialogue.parties }, now });
    const followUp = followUpOf(kind.kind, command, { dialogue, keys: node.keys, store: node.store });
    return {
      party: actor.party,
      member: actor.member,
      events,
      ...(followUp ? { followUp } : {}),
      result: async (stored, tx2) => {
        const id = input.target ?? stored[0]?.id;
        const aggregate = id === undefined ? undefined : await tx2.aggregates.aggregate<S>(dialogue.id, kind.kind, id);
        if (!aggregate) throw new Error(`unreachable: ${kind.kind} ${id} missing after its events were projected`);
        return { events: stored, aggregate };
      },
    };
  });
}
