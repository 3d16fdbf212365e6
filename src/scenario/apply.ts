/**
 * Applies a validated scenario to a node: hosts its parties (creating their keys), adds
 * members (with passwords, when given), opens the dialogue, runs the scripted steps at their
 * own times, and records any messages. Refuses before writing anything if the dialogue or a
 * member id would collide with existing data; see app/import-scenario.ts for the dry run
 * that makes a failing step write nothing either.
 */
import { randomUUID } from 'node:crypto';
import type { DialogueId, MemberId, PartyId } from '../record/index.js';
import type { ManualClock, ParleyNode } from '../node/index.js';
import type { Scenario } from './schema.js';
import { ScenarioError } from './load.js';
import { runSteps, type StepScheduler } from './steps.js';

export interface ApplyOptions {
  /** Required when the scenario has steps: they run at their own times on this clock. */
  readonly clock?: ManualClock;
  /**
   * Acts on deadlines between steps as a running node would (link tests, escalations,
   * timeouts); without it, time jumps from step to step and nothing falls due.
   */
  readonly scheduler?: StepScheduler;
  /** Sets a member's password (private account data). */
  readonly setPassword?: (member: MemberId, password: string) => Promise<void>;
}

export async function applyScenario(node: ParleyNode, scenario: Scenario, options: ApplyOptions = {}): Promise<DialogueId> {
  const dialogueId = (scenario.dialogue.id ?? randomUUID()) as DialogueId;
  const problems: string[] = [];
  if (await node.store.dialogue(dialogueId)) problems.push(`dialogue.id: dialogue "${dialogueId}" already exists on this node`);
  for (const [i, party] of scenario.parties.entries()) {
    for (const [j, member] of party.members.entries()) {
      const existing = await node.store.member(member.id as MemberId);
      if (existing && existing.party !== party.id) {
        problems.push(`parties[${i}].members[${j}].id: member "${member.id}" already belongs to party "${existing.party}"`);
      }
    }
  }
  if (scenario.steps.length > 0 && !options.clock) problems.push('steps: this node cannot run scripted steps (no scripted clock)');
  if (problems.length > 0) throw new ScenarioError(problems);

  const firstStep = scenario.steps[0];
  if (options.clock && firstStep) options.clock.set(new Date(new Date(firstStep.at).getTime() - 3600_000));
  for (const party of scenario.parties) {
    await node.hostParty(party.id as PartyId, party.name, { timeZone: party.timeZone });
    for (const member of party.members) {
      await node.addMember({ id: member.id as MemberId, party: party.id as PartyId, name: member.name, roles: member.roles as never });
      if (member.password && options.setPassword) await options.setPassword(member.id as MemberId, member.password);
    }
  }
  await node.openDialogue({ id: dialogueId, title: scenario.dialogue.title, parties: scenario.parties.map((p) => p.id as PartyId) });
  if (options.clock) await runSteps(node, options.clock, dialogueId, scenario, options.scheduler);
  for (const message of scenario.messages) {
    await node.postMessage({ dialogue: dialogueId, member: message.as as MemberId, kind: message.kind, text: message.text });
  }
  return dialogueId;
}
