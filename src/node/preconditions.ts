/**
 * Facts one aggregate's command needs about another, checked in the same transaction as the
 * decision: the working group a meeting or commitment belongs to must exist and be active.
 */
import { conflict, notFound, type WorkingGroupState } from '../domain/index.js';
import type { DialogueRecord, DialogueTransaction } from './ports.js';

export async function requireActiveWorkingGroup(tx: DialogueTransaction, dialogue: DialogueRecord, id: string, field = 'workingGroup'): Promise<WorkingGroupState> {
  const group = await tx.aggregates.aggregate<WorkingGroupState>(dialogue.id, 'working_group', id);
  if (!group) throw notFound('working_group_not_found', `no working group ${id} in this dialogue`, field);
  if (group.state.status !== 'active') {
    throw conflict('working_group_not_active', `working group ${id} is ${group.state.status}; it must be active`, field);
  }
  return group.state;
}

export async function requireAggregate(tx: DialogueTransaction, dialogue: DialogueRecord, kind: string, id: string, field: string): Promise<unknown> {
  const record = await tx.aggregates.aggregate(dialogue.id, kind, id);
  if (!record) throw notFound(`${kind}_not_found`, `no ${kind.replace(/_/g, ' ')} ${id} in this dialogue`, field);
  return record.state;
}
