/**
 * Applies a validated scenario to a node: hosts its parties (creating their keys), adds
 * members, opens the dialogue, and records any scripted messages. Refuses before writing
 * anything if the dialogue or a party/member id would collide with existing data.
 */
import { randomUUID } from 'node:crypto';
import type { DialogueId, MemberId, PartyId } from '../record/index.js';
import type { ParleyNode } from '../node/index.js';
import type { Scenario } from './schema.js';
import { ScenarioError } from './load.js';

export async function applyScenario(node: ParleyNode, scenario: Scenario): Promise<DialogueId> {
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
  if (problems.length > 0) throw new ScenarioError(problems);

  for (const party of scenario.parties) {
    await node.hostParty(party.id as PartyId, party.name);
    for (const member of party.members) {
      await node.addMember({ id: member.id as MemberId, party: party.id as PartyId, name: member.name, roles: member.roles as never });
    }
  }
  await node.openDialogue({ id: dialogueId, title: scenario.dialogue.title, parties: scenario.parties.map((p) => p.id as PartyId) });
  for (const message of scenario.messages) {
    await node.postMessage({ dialogue: dialogueId, member: message.as as MemberId, kind: message.kind, text: message.text });
  }
  return dialogueId;
}
