/**
 * Runs a scenario's scripted steps: each at its own time (a scripted clock), as its member,
 * through the same decide → sign → append path as every other command. Errors name the step
 * (`steps[3].mandate.goals: …`).
 */
import { aggregateKind, DomainError } from '../domain/index.js';
import { runAggregateCommand } from '../node/aggregate-commands.js';
import type { ManualClock, ParleyNode } from '../node/index.js';
import type { DialogueId, MemberId } from '../record/index.js';
import { ScenarioError } from './load.js';
import type { Scenario } from './schema.js';

/** Replaces `@name` strings (anywhere in the step) with the id of the aggregate named `name`. */
function resolveRefs(value: unknown, refs: ReadonlyMap<string, string>, path: string): unknown {
  if (typeof value === 'string' && /^@[a-z0-9][a-z0-9_-]*$/.test(value)) {
    const id = refs.get(value.slice(1));
    if (!id) throw new ScenarioError([`${path}: ${value} is not the ref of an earlier step`]);
    return id;
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveRefs(v, refs, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, refs, `${path}.${k}`)]));
  }
  return value;
}

/** What runs the node's deadlines between steps (src/node/scheduler.ts). */
export interface StepScheduler {
  runUntil(clock: ManualClock, target: Date): Promise<number>;
  runDue(): Promise<number>;
}

/**
 * Moves the clock to a step's time. With a scheduler, the node runs all along — except from
 * a step's `nodeDownSince` to its time, when it was down and catches up on start-up.
 */
async function advance(clock: ManualClock, at: Date, scheduler: StepScheduler | undefined, downSince: string | undefined): Promise<void> {
  if (!scheduler) {
    clock.set(at);
  } else if (downSince === undefined) {
    await scheduler.runUntil(clock, at);
  } else {
    await scheduler.runUntil(clock, new Date(downSince));
    clock.set(at);
    await scheduler.runDue();
  }
}

/**
 * For a scenario played across nodes (`parley demo --federated`): which node a member acts on
 * (its party's), and what to do after each step (replicate until the nodes agree).
 */
export interface StepHooks {
  nodeFor(member: string): Promise<ParleyNode>;
  afterStep(): Promise<void>;
}

export async function runSteps(node: ParleyNode, clock: ManualClock, dialogueId: DialogueId, scenario: Scenario, scheduler?: StepScheduler, hooks?: StepHooks): Promise<Map<string, string>> {
  const refs = new Map<string, string>();
  for (const [i, step] of scenario.steps.entries()) {
    const where = `steps[${i}]`;
    const { at, as, do: action, ref, eventRef, target, nodeDownSince, ...fields } = step;
    const [kindName, commandType] = action.split('.') as [string, string];
    const kind = aggregateKind(kindName);
    if (!kind) throw new ScenarioError([`${where}.do: unknown kind "${kindName}"`]);
    await advance(clock, new Date(at), scheduler, nodeDownSince);
    try {
      const on = hooks ? await hooks.nodeFor(as) : node;
      const dialogue = await on.dialogue(dialogueId);
      const actor = await on.actor(dialogue, as as MemberId);
      const command = { type: commandType, ...(resolveRefs(fields, refs, where) as object) };
      const result = await runAggregateCommand(on, kind, {
        dialogue, actor, command, ...(target ? { target: refs.get(target.slice(1))! } : {}),
      });
      if (ref) refs.set(ref, result.aggregate.id);
      if (typeof eventRef === 'string' && result.events[0]) refs.set(eventRef, result.events[0].id);
      await hooks?.afterStep();
    } catch (error) {
      if (error instanceof DomainError) {
        throw new ScenarioError([`${where}${error.field ? `.${error.field}` : ''}: ${error.message.replace(`${error.field}: `, '')} [${error.code}]`]);
      }
      throw error;
    }
  }
  return refs;
}
